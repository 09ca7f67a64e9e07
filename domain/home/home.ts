// The home page (GET /api/home): what each person needs first, from who they are. Staff: the
// open incidents assigned to them, the unassigned ones waiting in their scope, and those whose
// SLA comes due within DUE_SOON_HOURS (or is past); a requester: their requests not closed yet.
// Every section is read within the reader's scope (access/repository.ts), with its true count.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, isStaff, type Actor } from '../access/identity';
import { incidentSection, openRequestsOf, type IncidentSection } from './homeRepository';

/** "Breaches soon": the next due time within a working half-day (4 h) or already past. */
export const DUE_SOON_HOURS = 4;
/** Rows per section; the count says how many there are, the board and journal show them all. */
export const SECTION_ROWS = 10;

const incidentItem = z.object({
  id: z.string().uuid(),
  requestId: z.string().uuid(),
  title: z.string(),
  status: z.string(),
  priority: z.string(),
  client: z.string(),
  service: z.string(),
  dueAt: z.string().datetime().nullable(),
  breached: z.boolean(),
});
const incidentSectionSchema = z.object({ count: z.number().int(), items: z.array(incidentItem) });
const requestItem = z.object({
  id: z.string().uuid(),
  status: z.string(),
  description: z.string(),
  service: z.string(),
  createdAt: z.string().datetime(),
  incident: z.object({ id: z.string().uuid(), status: z.string() }).nullable(),
});

export const homeSchema = z.object({
  mine: incidentSectionSchema.nullable().describe('open incidents assigned to the reader (agents); null for others'),
  waiting: incidentSectionSchema.nullable().describe('open unassigned incidents in the reader’s scope (staff)'),
  dueSoon: incidentSectionSchema.nullable().describe(`open incidents whose SLA comes due within ${DUE_SOON_HOURS} h or is past (staff)`),
  myRequests: z
    .object({ count: z.number().int(), items: z.array(requestItem) })
    .nullable()
    .describe('the requester’s requests not closed yet'),
  dueSoonHours: z.number(),
});
export type Home = z.infer<typeof homeSchema>;

export async function home(db: Database, actor: Actor, now = new Date()): Promise<Home> {
  const dueBefore = new Date(now.getTime() + DUE_SOON_HOURS * 3600_000);
  const section = async (name: IncidentSection) => {
    const { rows, count } = await incidentSection(db, actor, name, dueBefore, SECTION_ROWS);
    return {
      count,
      items: rows.map((r) => ({
        id: r.id,
        requestId: r.requestId,
        title: r.title,
        status: r.status,
        priority: r.priority,
        client: r.clientName,
        service: r.serviceName,
        dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
        breached: Boolean(r.breached),
      })),
    };
  };
  const staff = isStaff(actor);
  const [mine, waiting, dueSoon, myRequests] = await Promise.all([
    hasRole(actor, 'agent') ? section('mine') : null,
    staff ? section('waiting') : null,
    staff ? section('dueSoon') : null,
    staff ? null : openRequestsOf(db, actor, SECTION_ROWS),
  ]);
  return {
    mine,
    waiting,
    dueSoon,
    myRequests: myRequests && {
      count: myRequests.count,
      items: myRequests.rows.map((r) => ({
        id: r.id,
        status: r.status,
        description: r.description,
        service: r.serviceName,
        createdAt: r.createdAt.toISOString(),
        incident: r.incidentId ? { id: r.incidentId, status: r.incidentStatus! } : null,
      })),
    },
    dueSoonHours: DUE_SOON_HOURS,
  };
}
