// The QR side of assets: the label's image, the public page behind it (any signed-in person
// sees the device and its open tickets, nothing personal), and the two-tap problem report.
import QRCode from 'qrcode';
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { Channel } from '../../generated/kysely/enums';
import { newQrToken } from '../admin/assets';
import { mayRead, mayWrite } from '../admin/resource';
import { invalid, notFound } from '../shared/errors';
import type { Actor } from '../access/identity';
import { pickRule } from '../lifecycle/routing';
import type { RequestService } from './intake';
import { parseInput } from '../shared/validation';
import { listRoutingRules } from '../admin/tablesRepository';
import { activeAssetByToken, activeProblemType, activeProblemTypes, assetToken, departmentName, openRequestsOfAsset, setAssetToken } from './qrRepository';

export const qrReportSchema = z.object({ problemType: z.string().trim().min(1).max(64), comment: z.string().trim().max(2000).optional() }).strict();
export const routePreviewSchema = z
  .object({
    serviceClass: z.string().trim().min(1).max(64),
    serviceType: z.string().trim().min(1).max(64),
    problemType: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

/** The page behind a QR label as the API returns it (the document's QrPage). */
export const qrAssetViewSchema = z.object({
  asset: z.object({ id: z.string().uuid(), name: z.string(), location: z.string(), service: z.string() }),
  problemTypes: z.array(z.object({ code: z.string(), nameRu: z.string(), nameEn: z.string() })),
  open: z.array(
    z.object({
      id: z.string().uuid(),
      problemType: z.string().nullable(),
      status: z.string(),
      incidentStatus: z.string().nullable(),
      createdAt: z.string().datetime(),
    }),
  ),
});
export type QrAssetView = z.infer<typeof qrAssetViewSchema>;

export class QrService {
  constructor(
    private readonly db: Database,
    private readonly requests: RequestService,
    private readonly publicUrl: string,
  ) {}

  labelUrl = (token: string) => `${this.publicUrl.replace(/\/$/, '')}/q/${token}`;

  /** The label image of an asset (staff who manage assets). */
  async image(actor: Actor, assetId: string, format: 'png' | 'svg'): Promise<Buffer | string> {
    mayRead(actor);
    const asset = await this.asset(assetId);
    const url = this.labelUrl(asset.qrToken);
    return format === 'svg'
      ? QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      : QRCode.toBuffer(url, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  }

  /** A new token: the printed label stops working. */
  async rotate(actor: Actor, assetId: string): Promise<{ qrToken: string; url: string }> {
    mayWrite(actor);
    await this.asset(assetId);
    const qrToken = newQrToken();
    await setAssetToken(this.db, assetId, qrToken);
    return { qrToken, url: this.labelUrl(qrToken) };
  }

  async preview(actor: Actor, query: unknown) {
    mayRead(actor);
    const q = parseInput(routePreviewSchema, query);
    const rule = pickRule(await listRoutingRules(this.db), {
      serviceClass: q.serviceClass,
      serviceType: q.serviceType,
      problemType: q.problemType ?? null,
    });
    const department = rule ? ((await departmentName(this.db, rule.departmentId)) ?? null) : null;
    return {
      rule: rule
        ? { id: rule.id, serviceClass: rule.serviceClass, serviceType: rule.serviceType, problemType: rule.problemType, priority: rule.priority }
        : null,
      department,
    };
  }

  /** What the QR page shows to any signed-in person. */
  async page(token: string): Promise<QrAssetView> {
    const asset = await this.byToken(token);
    const [problemTypes, open] = await Promise.all([activeProblemTypes(this.db, asset.serviceType), openRequestsOfAsset(this.db, asset.id, 20)]);
    return {
      asset: { id: asset.id, name: asset.name, location: asset.location, service: asset.serviceName },
      problemTypes,
      open: open.map((r) => ({
        id: r.id,
        problemType: r.problemType,
        status: r.status,
        incidentStatus: r.incidentStatus,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }

  async report(actor: Actor, token: string, body: unknown, idempotencyKey: string | undefined) {
    const asset = await this.byToken(token);
    const input = parseInput(qrReportSchema, body);
    const type = await activeProblemType(this.db, asset.serviceType, input.problemType);
    if (!type) throw invalid([{ field: 'problemType', message: `not a problem type of ${asset.serviceType}` }]);
    const description = [`${asset.name}${asset.location ? ` (${asset.location})` : ''}: ${type.nameRu} / ${type.nameEn}`, input.comment]
      .filter(Boolean)
      .join('\n');
    return this.requests.fileForSelf(
      actor,
      { serviceId: asset.serviceId, assetId: asset.id, problemType: type.code, description, channel: Channel.QR },
      idempotencyKey,
    );
  }

  private async byToken(token: string) {
    const asset = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await activeAssetByToken(this.db, token) : undefined;
    if (!asset) throw notFound('asset');
    return asset;
  }

  private async asset(id: string) {
    const asset = /^[0-9a-f-]{36}$/i.test(id) ? await assetToken(this.db, id) : undefined;
    if (!asset) throw notFound('asset');
    return asset;
  }
}
