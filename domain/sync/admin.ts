// The sync's admin pages (docs/sync.md, user guide "Sync"): the mappings admins edit, the held
// values waiting for one, and each system's status (lag, last error, links, held). Admins only.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { hasRole, type Actor } from '../access/identity';
import { forbidden, notFound } from '../shared/errors';
import { parseInput, UUID } from '../shared/validation';
import { MAPPING_KINDS, SYNC_SYSTEMS } from './mapping';
import { checkedMapping } from './mappingCheck';
import { heldPeopleMatches } from './mappingRepository';
import { deleteMappingRow, heldRows, mappingRows, putMappingRow, resolveHeldRows, statusRows } from './repository';

const text = z.string().trim().min(1).max(200);

export const mappingInputSchema = z
  .object({
    system: z.enum(SYNC_SYSTEMS),
    kind: z.enum(MAPPING_KINDS),
    remote: text.describe("the value in the other system (RT status 'open', Redmine project 'it', a login)"),
    local: text.describe("our value (status, priority P1..P4, department code, an employee's e-mail or login, service or problem type code, field name)"),
  })
  .strict();

export const mappingViewSchema = z.object({
  id: z.string().uuid(),
  system: z.string(),
  kind: z.string(),
  remote: z.string(),
  local: z.string(),
  updatedAt: z.string().datetime(),
});
export const mappingListSchema = z.object({ system: z.enum(SYNC_SYSTEMS).optional(), kind: z.enum(MAPPING_KINDS).optional() }).strict();

export const personSuggestionSchema = z.object({
  system: z.string(),
  remote: z.string().describe('the login or e-mail there, held for want of a person mapping'),
  local: z.string().describe("the employee's e-mail it matches"),
  fullName: z.string(),
  username: z.string(),
});

export const heldViewSchema = z.object({
  id: z.string().uuid(),
  system: z.string(),
  remoteId: z.string().describe('the ticket there'),
  kind: z.string(),
  value: z.string().describe('the value with no mapping'),
  reason: z.string(),
  createdAt: z.string().datetime(),
});
export const heldListSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

export const systemStatusSchema = z.object({
  system: z.enum(SYNC_SYSTEMS),
  cursor: z.string().nullable().describe("the newest change time seen there (the inbound poll's cursor)"),
  lastRunAt: z.string().datetime().nullable(),
  lastOkAt: z.string().datetime().nullable(),
  lagSeconds: z.number().int().nullable().describe('seconds since the last good pass; null before the first'),
  lastError: z.string().nullable(),
  links: z.number().int().describe('requests linked to a ticket there'),
  held: z.number().int().describe('values held for a mapping'),
  lastHeld: z
    .array(z.object({ remoteId: z.string(), kind: z.string(), value: z.string(), reason: z.string() }))
    .describe('the newest held values (up to 5) with the reason, so the status tells why a change waits'),
});

function mayAdminister(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw forbidden('only admins manage the sync');
}

export class SyncAdmin {
  constructor(private readonly db: Database) {}

  async mappings(actor: Actor, query: unknown) {
    mayAdminister(actor);
    const q = parseInput(mappingListSchema, query);
    return (await mappingRows(this.db, q.system, q.kind)).map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
  }

  /** Sets one mapping; the values held for it are resolved in the same transaction. */
  async putMapping(actor: Actor, input: unknown) {
    mayAdminister(actor);
    const m = await checkedMapping(this.db, parseInput(mappingInputSchema, input));
    const row = await this.db.transaction().execute(async (tx) => {
      const saved = await putMappingRow(tx, m);
      await resolveHeldRows(tx, m);
      return saved;
    });
    return { ...row, updatedAt: row.updatedAt.toISOString() };
  }

  async deleteMapping(actor: Actor, id: string): Promise<void> {
    mayAdminister(actor);
    if (!UUID.test(id) || !(await deleteMappingRow(this.db, id))) throw notFound('mapping');
  }

  /** People held there whose login or e-mail matches one of our employees: one click maps them. */
  async personSuggestions(actor: Actor) {
    mayAdminister(actor);
    return heldPeopleMatches(this.db);
  }

  async held(actor: Actor, query: unknown) {
    mayAdminister(actor);
    const q = parseInput(heldListSchema, query);
    return (await heldRows(this.db, q.limit)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  async status(actor: Actor, now = new Date()) {
    mayAdminister(actor);
    const { cursors, links, held } = await statusRows(this.db);
    const recent = await heldRows(this.db, 200);
    return SYNC_SYSTEMS.map((system) => {
      const c = cursors.find((r) => r.system === system);
      return {
        system,
        cursor: c?.cursor ?? null,
        lastRunAt: c?.lastRunAt?.toISOString() ?? null,
        lastOkAt: c?.lastOkAt?.toISOString() ?? null,
        lagSeconds: c?.lastOkAt ? Math.max(0, Math.round((now.getTime() - c.lastOkAt.getTime()) / 1000)) : null,
        lastError: c?.lastError ?? null,
        links: Number(links.find((r) => r.system === system)?.n ?? 0),
        held: Number(held.find((r) => r.system === system)?.n ?? 0),
        lastHeld: recent
          .filter((r) => r.system === system)
          .slice(0, 5)
          .map(({ remoteId, kind, value, reason }) => ({ remoteId, kind, value, reason })),
      };
    });
  }
}
