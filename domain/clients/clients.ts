// Clients, the CRM side: people and companies with several phones and e-mails, found by name
// or phone (partial, any case, Cyrillic or Latin), created idempotently, edited with
// optimistic concurrency (ETag / If-Match), deleted softly (their history stays).
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { audit } from '../shared/audit';
import { ifMatchAccepts, versionTag } from '../shared/etag';
import { clientByPhone } from './byPhone';
import { conflict, DomainError, forbidden, invalid, notFound } from '../shared/errors';
import { hasRole, isStaff, type Actor } from '../access/identity';
import { encodeCursor } from '../lists/listQuery';
import { E164, idempotencyKeySchema, parseInput, UUID } from '../shared/validation';
import { CLIENT_KINDS, type ClientCard, type ClientRequestSummary, type ClientView } from './clientView';
import { phoneDigitsOf } from '../shared/phoneSearch';
import { LANGS } from '../shared/languages';
import { notificationSettingsSchema, settingsColumns, settingsOf, timezoneSchema } from '../notifications/preferences';
import {
  clientBy,
  clientPage,
  clientsNamed,
  clientsWithPhoneDigits,
  externalIdOwner,
  insertClient,
  replaceContacts,
  slaContractExists,
  updateClient,
  type ClientRow,
} from './repository';

export type { ClientRequestSummary, ClientView } from './clientView';

const phoneEntry = z.object({ phone: E164, label: z.string().trim().max(50).optional() }).strict();
const emailEntry = z.object({ email: z.string().trim().toLowerCase().email(), label: z.string().trim().max(50).optional() }).strict();
const fields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(CLIENT_KINDS),
  phones: z.array(phoneEntry).min(1, 'at least one phone').max(10).describe('the first is the primary phone'),
  emails: z.array(emailEntry).max(10),
  locale: z.enum(LANGS),
  telegramId: z.string().trim().max(64).nullable(),
  address: z.string().trim().max(500).nullable(),
  notes: z.string().max(4000),
  externalId: z.string().trim().min(1).max(100).nullable().describe('id in an outside CRM'),
  slaContractId: z.string().uuid().nullable().describe("the client's own SLA contract (before the service's)"),
  timezone: timezoneSchema.describe("the client's time zone: their quiet hours are read in it"),
  notifications: notificationSettingsSchema.describe('how the client prefers to hear from the desk'),
};
export const clientCreateSchema = z
  .object({
    ...fields,
    kind: fields.kind.optional(),
    emails: fields.emails.optional(),
    locale: fields.locale.optional(),
    telegramId: fields.telegramId.optional(),
    address: fields.address.optional(),
    notes: fields.notes.optional(),
    externalId: fields.externalId.optional(),
    slaContractId: fields.slaContractId.optional(),
    timezone: fields.timezone.optional(),
    notifications: fields.notifications.optional(),
  })
  .strict();
export const clientUpdateSchema = clientCreateSchema.partial().strict();
export const clientListSchema = z
  .object({
    q: z.string().trim().min(1).max(100).optional().describe('part of the name or of a phone number'),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const view = (c: ClientRow): ClientView => ({
  id: c.id,
  name: c.name,
  kind: c.kind as ClientView['kind'], // the column holds what the schema let in
  phone: c.phone,
  // The primary phone first, then the others in the order they were added.
  phones: [...c.phones].sort((a, b) => Number(b.phone === c.phone) - Number(a.phone === c.phone)).map((p) => ({ phone: p.phone, label: p.label })),
  emails: c.emails.map((e) => ({ email: e.email, label: e.label })),
  locale: c.locale as ClientView['locale'],
  telegramId: c.telegramId,
  address: c.address,
  notes: c.notes,
  externalId: c.externalId,
  slaContractId: c.slaContractId,
  timezone: c.timezone,
  notifications: settingsOf(c),
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
/** Phones or e-mails as stored: an absent label is empty. */
const labelled = <T extends { label?: string }>(entries: T[]) => entries.map((e) => ({ ...e, label: e.label ?? '' }));
export const clientEtag = (c: Pick<ClientView, 'updatedAt'>) => versionTag(c);
const staffOnly = (actor: Actor) => {
  if (!isStaff(actor)) throw forbidden('clients are managed by staff');
};

/**
 * The client's latest requests that the reader may see, for the card: the request journal
 * answers (requests find their clients, so clients do not import requests; app.ts wires it).
 */
export type ClientRequests = (actor: Actor, clientId: string) => Promise<ClientRequestSummary[]>;

export class ClientService {
  constructor(
    private readonly db: Database,
    private readonly requestsOf: ClientRequests,
  ) {}

  async list(actor: Actor, query: unknown): Promise<{ items: ClientView[]; nextCursor: string | null }> {
    staffOnly(actor);
    const q = parseInput(clientListSchema, query);
    // The page and its clients in one statement (the search's ids first, when there is one).
    const ids = q.q ? await this.matching(q.q) : null;
    const rows = (await clientPage(this.db, q.cursor, q.limit + 1, ids)).slice(0, q.limit + 1);
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items: items.map(view), nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(actor: Actor, id: string): Promise<ClientCard> {
    staffOnly(actor);
    const client = await this.find(id);
    return { client: view(client), requests: await this.requestsOf(actor, client.id) };
  }

  /** The intake card: the client owning this phone, with open and recent requests. */
  async lookup(actor: Actor, phone: unknown): Promise<ClientCard> {
    staffOnly(actor);
    const parsed = E164.safeParse(phone);
    if (!parsed.success) throw invalid([{ field: 'phone', message: parsed.error.issues[0]!.message }]);
    const owner = await clientByPhone(this.db, parsed.data);
    const client = owner && !owner.deletedAt ? await clientBy(this.db, { id: owner.id, deleted: true }) : null;
    if (!client) throw notFound('client');
    return { client: view(client), requests: await this.requestsOf(actor, client.id) };
  }

  async create(actor: Actor, body: unknown, idempotencyKey?: string): Promise<{ client: ClientView; replayed: boolean }> {
    staffOnly(actor);
    const input = parseInput(clientCreateSchema, body);
    if (idempotencyKey !== undefined) {
      const key = idempotencyKeySchema.safeParse(idempotencyKey);
      if (!key.success) throw invalid([{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }]);
      const previous = await clientBy(this.db, { idempotencyKey });
      if (previous) {
        if (previous.name !== input.name || previous.phone !== input.phones[0]!.phone)
          throw conflict('this Idempotency-Key was already used for a different client');
        return { client: view(previous), replayed: true };
      }
    }
    await this.checkPhones(null, input.phones);
    await this.checkExternalId(null, input.externalId);
    await this.checkContract(input.slaContractId);
    const created = await this.db.transaction().execute(async (trx) => {
      const id = await insertClient(
        trx,
        {
          name: input.name,
          kind: input.kind ?? 'person',
          phone: input.phones[0]!.phone,
          email: input.emails?.[0]?.email ?? null,
          locale: input.locale ?? 'ru',
          telegramId: input.telegramId ?? null,
          address: input.address ?? null,
          notes: input.notes ?? '',
          externalId: input.externalId ?? null,
          slaContractId: input.slaContractId ?? null,
          timezone: input.timezone ?? 'Europe/Moscow',
          ...settingsColumns(input.notifications ?? { channels: [], quietHours: null }),
        },
        idempotencyKey ?? null,
        labelled(input.phones),
        labelled(input.emails ?? []),
      );
      const c = (await clientBy(trx, { id, deleted: true }))!;
      await audit(trx, { entityType: 'client', entityId: c.id, actorId: actor.id, action: 'client.created', after: view(c) });
      return c;
    });
    return { client: view(created), replayed: false };
  }

  async update(actor: Actor, id: string, body: unknown, ifMatch?: string): Promise<ClientView> {
    staffOnly(actor);
    const before = await this.find(id);
    if (!ifMatchAccepts(ifMatch, clientEtag(view(before)))) {
      throw conflict('the client changed since you loaded it (If-Match does not match its ETag); reload and try again');
    }
    const input = parseInput(clientUpdateSchema, body);
    if (input.phones) await this.checkPhones(before.id, input.phones);
    await this.checkExternalId(before.id, input.externalId);
    await this.checkContract(input.slaContractId);
    const after = await this.db.transaction().execute(async (trx) => {
      await replaceContacts(trx, before.id, {
        ...(input.phones ? { phones: labelled(input.phones) } : {}),
        ...(input.emails ? { emails: labelled(input.emails) } : {}),
      });
      await updateClient(trx, before.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.phones ? { phone: input.phones[0]!.phone } : {}),
        ...(input.emails ? { email: input.emails[0]?.email ?? null } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.telegramId !== undefined ? { telegramId: input.telegramId } : {}),
        ...(input.address !== undefined ? { address: input.address } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
        ...(input.slaContractId !== undefined ? { slaContractId: input.slaContractId } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        ...(input.notifications !== undefined ? settingsColumns(input.notifications) : {}),
      });
      const c = (await clientBy(trx, { id: before.id, deleted: true }))!;
      await audit(trx, { entityType: 'client', entityId: c.id, actorId: actor.id, action: 'client.updated', before: view(before), after: view(c) });
      return c;
    });
    return view(after);
  }

  /** Soft delete: the client disappears from search and intake; requests keep their history. */
  async remove(actor: Actor, id: string): Promise<void> {
    if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('only supervisors and admins delete clients');
    const client = await this.find(id);
    await this.db.transaction().execute(async (trx) => {
      await updateClient(trx, client.id, { deletedAt: new Date() });
      await audit(trx, { entityType: 'client', entityId: client.id, actorId: actor.id, action: 'client.deleted', before: view(client) });
    });
  }

  private async find(id: string): Promise<ClientRow> {
    const row = UUID.test(id) ? await clientBy(this.db, { id, deleted: false }) : null;
    if (!row) throw notFound('client');
    return row;
  }

  /**
   * Ids of clients matching a search, through the trigram indexes: a query of digits and phone
   * characters searches phone numbers, anything else names and e-mails.
   */
  private async matching(text: string): Promise<string[]> {
    const digits = phoneDigitsOf(text);
    if (digits) return clientsWithPhoneDigits(this.db, digits);
    const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`; // the user's % and _ are literal
    return clientsNamed(this.db, pattern);
  }

  private async checkContract(id: string | null | undefined): Promise<void> {
    if (id && !(await slaContractExists(this.db, id))) throw invalid([{ field: 'slaContractId', message: 'no such SLA contract' }]);
  }

  /** An outside CRM id names one client: a second holder is a 409 on the field, not the database's 500. */
  private async checkExternalId(clientId: string | null, externalId: string | null | undefined): Promise<void> {
    if (!externalId) return;
    const owner = await externalIdOwner(this.db, externalId);
    if (owner && owner.id !== clientId)
      throw new DomainError(409, 'Conflict', `external id ${externalId} belongs to another client`, [
        { field: 'externalId', message: 'belongs to another client' },
      ]);
  }

  private async checkPhones(clientId: string | null, phones: { phone: string }[]): Promise<void> {
    const seen = new Set<string>();
    for (const [i, p] of phones.entries()) {
      if (seen.has(p.phone)) throw invalid([{ field: `phones.${i}.phone`, message: 'listed twice' }]);
      seen.add(p.phone);
      const owner = await clientByPhone(this.db, p.phone);
      if (owner && owner.id !== clientId) {
        throw new DomainError(409, 'Conflict', `phone ${p.phone} belongs to another client`, [
          { field: `phones.${i}.phone`, message: 'belongs to another client' },
        ]);
      }
    }
  }
}
