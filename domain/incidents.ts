// Reading incidents within the actor's scope, and asking the process to resolve one.
import { z } from 'zod';
import type { Db } from '../infra/db';
import type { ProcessGateway } from '../workflows/client';
import type { Prisma } from '../generated/prisma/client';
import { incidentScope } from './access';
import { conflict, forbidden, notFound } from './errors';
import { isStaff, type Actor } from './identity';
import { parseInput } from './validation';

const include = {
  department: { select: { code: true, name: true } },
  service: { select: { code: true, name: true } },
  request: { select: { channel: true, client: { select: { name: true, phone: true } } } },
} satisfies Prisma.IncidentInclude;
type Row = Prisma.IncidentGetPayload<{ include: typeof include }>;

export interface IncidentView {
  id: string;
  requestId: string;
  title: string;
  status: string;
  department: { code: string; name: string };
  service: { code: string; name: string };
  client: { name: string; phone: string };
  channel: string;
  orderId: string | null;
  resolution: string | null;
  createdAt: string;
  closedAt: string | null;
}

const view = (i: Row): IncidentView => ({
  id: i.id,
  requestId: i.requestId,
  title: i.title,
  status: i.status,
  department: i.department,
  service: i.service,
  client: i.request.client,
  channel: i.request.channel,
  orderId: i.orderId,
  resolution: i.resolution,
  createdAt: i.createdAt.toISOString(),
  closedAt: i.closedAt?.toISOString() ?? null,
});

export const resolveSchema = z.object({ resolution: z.string().trim().min(1, 'must not be empty').max(2000) }).strict();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class IncidentService {
  constructor(
    private readonly db: Db,
    private readonly process: ProcessGateway,
  ) {}

  async list(actor: Actor, limit = 200): Promise<IncidentView[]> {
    const rows = await this.db.incident.findMany({ where: await incidentScope(this.db, actor), include, orderBy: { createdAt: 'desc' }, take: limit });
    return rows.map(view);
  }

  async get(actor: Actor, id: string): Promise<IncidentView> {
    if (!UUID.test(id)) throw notFound('incident');
    const row = await this.db.incident.findFirst({ where: { AND: [{ id }, await incidentScope(this.db, actor)] }, include });
    if (!row) throw notFound('incident');
    return view(row);
  }

  async getByRequest(actor: Actor, requestId: string): Promise<IncidentView> {
    if (!UUID.test(requestId)) throw notFound('incident');
    const row = await this.db.incident.findFirst({ where: { AND: [{ requestId }, await incidentScope(this.db, actor)] }, include });
    if (!row) throw notFound('incident');
    return view(row);
  }

  async resolve(actor: Actor, id: string, body: unknown): Promise<IncidentView> {
    const incident = await this.get(actor, id);
    if (!isStaff(actor)) throw forbidden('only agents, supervisors and admins resolve incidents');
    const input = parseInput(resolveSchema, body);
    if (incident.status !== 'OPEN') throw conflict(`the incident is ${incident.status}; only an OPEN incident can be resolved`);
    await this.process.resolve(incident.requestId, { actorId: actor.id, resolution: input.resolution });
    return this.get(actor, id);
  }
}
