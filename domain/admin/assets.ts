// Assets (office devices and equipment) as admins keep them; every asset gets an unguessable
// QR token when created.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { assetUsage, deleteRow, rowExists } from './repository';
import { mustExist, parseInput, rowId, slug, type AdminResource } from './resource';
import { insertAsset, listAssets, updateAsset } from './tablesRepository';

const createSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    serviceClass: slug,
    serviceType: slug,
    serviceId: z.string().uuid().describe('the catalog service requests about the asset are filed under'),
    location: z.string().trim().max(200).optional(),
    ownerId: z.string().min(1).max(100).nullable().optional(),
    departmentId: z.string().uuid().nullable().optional(),
    serial: z.string().trim().max(100).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({
  id: z.string().uuid(),
  name: z.string(),
  serviceClass: z.string(),
  serviceType: z.string(),
  serviceId: z.string().uuid(),
  location: z.string(),
  ownerId: z.string().nullable(),
  departmentId: z.string().uuid().nullable(),
  serial: z.string().nullable(),
  qrToken: z.string(),
  active: z.boolean(),
});
type View = z.infer<typeof view>;
export const newQrToken = () => randomBytes(18).toString('base64url');

export function assetsResource(db: Database): AdminResource<View> {
  const check = (input: z.infer<typeof updateSchema>) =>
    mustExist(db, [
      { field: 'serviceId', id: input.serviceId, table: 'Service', message: 'no such service' },
      { field: 'departmentId', id: input.departmentId, table: 'Department', message: 'no such department' },
      { field: 'ownerId', id: input.ownerId, table: 'Employee', message: 'no such employee' },
    ]);
  return {
    path: 'assets',
    title: 'Asset',
    view,
    createSchema,
    updateSchema,
    list: () => listAssets(db),
    async create(body) {
      const input = parseInput(createSchema, body);
      await check(input);
      return insertAsset(db, { ...input, qrToken: newQrToken() });
    },
    async update(id, body) {
      rowId(id, 'asset');
      const input = parseInput(updateSchema, body);
      if (!(await rowExists(db, 'Asset', id))) throw notFound('asset');
      await check(input);
      const row = await updateAsset(db, id, input);
      if (!row) throw notFound('asset');
      return row;
    },
    async remove(id) {
      rowId(id, 'asset');
      const a = await assetUsage(db, id);
      if (!a) throw notFound('asset');
      if (a.requests) throw conflict(`${a.requests} requests are about this asset; deactivate it instead (active: false)`);
      await deleteRow(db, 'Asset', id);
    },
  };
}
