// The statements of the QR side of assets: the asset behind a label, its problem types and
// open requests, a new label token.
import type { Database } from '../../infra/db';

export const assetToken = (db: Database, id: string) => db.selectFrom('Asset').select(['id', 'qrToken']).where('id', '=', id).executeTakeFirst();

export async function setAssetToken(db: Database, id: string, qrToken: string): Promise<void> {
  await db.updateTable('Asset').set({ qrToken, updatedAt: new Date() }).where('id', '=', id).execute();
}

/** The active asset with the label token, with its service's name. */
export const activeAssetByToken = (db: Database, qrToken: string) =>
  db
    .selectFrom('Asset as a')
    .innerJoin('Service as s', 's.id', 'a.serviceId')
    .select(['a.id', 'a.name', 'a.location', 'a.serviceId', 'a.serviceType', 's.name as serviceName'])
    .where('a.qrToken', '=', qrToken)
    .where('a.active', '=', true)
    .executeTakeFirst();

export const departmentName = (db: Database, id: string) => db.selectFrom('Department').select(['code', 'name']).where('id', '=', id).executeTakeFirst();

/** The active problem types of a service type, by code. */
export const activeProblemTypes = (db: Database, serviceType: string) =>
  db.selectFrom('ProblemType').select(['code', 'nameRu', 'nameEn']).where('serviceType', '=', serviceType).where('active', '=', true).orderBy('code').execute();

export const activeProblemType = (db: Database, serviceType: string, code: string) =>
  db.selectFrom('ProblemType').selectAll().where('serviceType', '=', serviceType).where('code', '=', code).where('active', '=', true).executeTakeFirst();

/** The newest requests about the asset that are not closed, with their incident's status. */
export const openRequestsOfAsset = (db: Database, assetId: string, limit: number) =>
  db
    .selectFrom('ServiceRequest as r')
    .leftJoin('Incident as i', 'i.id', 'r.incidentId')
    .select(['r.id', 'r.problemType', 'r.status', 'r.createdAt', 'i.status as incidentStatus'])
    .where('r.assetId', '=', assetId)
    .where('r.status', '<>', 'CLOSED')
    .orderBy('r.createdAt', 'desc')
    .limit(limit)
    .execute();
