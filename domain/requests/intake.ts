// Intake of service requests: validate, find the client by phone, record the request and
// start its workflow. Idempotent: the same Idempotency-Key returns the same request, and a
// request whose workflow did not start (crash between the two) gets it started on retry.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Database } from '../../infra/db';
import type { ProcessGateway } from '../process/gateway';
import { requestsFiled, requestsRejected, workflowStartsDeferred, workflowsStarted } from '../../infra/metrics';
import { log } from '../../infra/logger';
import { Channel } from '../../generated/kysely/enums';
import { insertClient, insertRequest, requestOfKey, serviceWhere, type NewClient, type NewRequest } from './intakeRepository';
import { linkedClientId } from '../clients/accounts';
import { clientByPhone } from '../clients/byPhone';
import { recordEvent } from '../shared/events';
import { conflict, DomainError, forbidden, invalid } from '../shared/errors';
import { isStaff, type Actor } from '../access/identity';
import { E164, idempotencyKeySchema, parseInput } from '../shared/validation';
import { LANGS } from '../shared/languages';

export const fileRequestSchema = z
  .object({
    phone: E164,
    serviceCode: z.string().trim().min(1).max(64),
    description: z.string().trim().min(1, 'must not be empty').max(4000),
    channel: z.nativeEnum(Channel).default('PHONE'),
    client: z
      .object({
        name: z.string().trim().min(1).max(200),
        email: z.string().email().optional(),
        locale: z.enum(LANGS).optional().describe('language of the notifications; default ru'),
      })
      .strict()
      .optional(),
    massIncidentId: z
      .string()
      .uuid()
      .optional()
      .describe('Link the request to this open mass incident at once (GET /api/mass-incidents offers the matching ones)'),
  })
  .strict();
export type FileRequestInput = z.infer<typeof fileRequestSchema>;

/** A request just filed (by an operator, over the portal or from a QR label): the document's ServiceRequest. */
export const filedRequestSchema = z.object({
  id: z.string().uuid(),
  status: z.string(),
  channel: z.string(),
  clientId: z.string().uuid(),
  serviceId: z.string().uuid(),
  description: z.string(),
  /** The id of the request's workflow in Temporal (the request's id). */
  workflowId: z.string(),
  createdAt: z.string().datetime(),
});
export type FiledRequest = z.infer<typeof filedRequestSchema>;

const view = (r: { id: string; status: string; channel: string; clientId: string; serviceId: string; description: string; createdAt: Date }): FiledRequest => ({
  id: r.id,
  status: r.status,
  channel: r.channel,
  clientId: r.clientId,
  serviceId: r.serviceId,
  description: r.description,
  workflowId: r.id,
  createdAt: r.createdAt.toISOString(),
});

/**
 * Linking a filed request to a mass incident (domain/incidents/mass.ts), given to the operators'
 * intake so that requests need not import incidents: the parent is checked before the request
 * is recorded (a refused link files nothing), the link made after it (once, also on a replay).
 */
export interface MassLinks {
  parentForIntake(actor: Actor, id: string): Promise<MassParent>;
  linkFiled(actor: Actor, parent: MassParent, requestId: string): Promise<void>;
}
export interface MassParent {
  id: string;
  requestId: string;
}

export class RequestService {
  constructor(
    private readonly db: Database,
    private readonly process: ProcessGateway,
    private readonly massLinks: MassLinks | null = null,
  ) {}

  async file(actor: Actor, body: unknown, idempotencyKey: string | undefined): Promise<{ request: FiledRequest; replayed: boolean }> {
    try {
      return await this.fileChecked(actor, body, idempotencyKey);
    } catch (error) {
      if (error instanceof DomainError) requestsRejected.inc({ reason: error.status === 400 ? 'invalid' : String(error.status) });
      throw error;
    }
  }

  private async fileChecked(actor: Actor, body: unknown, idempotencyKey: string | undefined): Promise<{ request: FiledRequest; replayed: boolean }> {
    if (!isStaff(actor)) throw forbidden('only operators (agent, supervisor, admin) file requests for clients');
    const input = parseInput(fileRequestSchema, body);
    const links = this.massLinks;
    let parent: MassParent | null = null;
    if (input.massIncidentId !== undefined) {
      if (!links) throw invalid([{ field: 'massIncidentId', message: 'this intake does not link requests to mass incidents' }]);
      parent = await links.parentForIntake(actor, input.massIncidentId);
    }
    const linked = async (requestId: string) => {
      if (links && parent !== null) await links.linkFiled(actor, parent, requestId);
    };
    if (idempotencyKey !== undefined) {
      const key = idempotencyKeySchema.safeParse(idempotencyKey);
      if (!key.success) throw invalid([{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }]);
      const previous = await requestOfKey(this.db, idempotencyKey, input.phone);
      if (previous) {
        if (!previous.samePhone || previous.serviceCode !== input.serviceCode || previous.description !== input.description) {
          throw conflict('this Idempotency-Key was already used for a different request');
        }
        await linked(previous.id);
        await this.ensureStarted(previous.id);
        return { request: view(previous), replayed: true };
      }
    }

    const service = await serviceWhere(this.db, 'code', input.serviceCode);
    if (!service) throw invalid([{ field: 'serviceCode', message: `no service with code "${input.serviceCode}"` }]);
    const known = await clientByPhone(this.db, input.phone);
    if (known?.deletedAt) throw conflict('this phone belongs to a deleted client; restore or edit the client first');
    let client: string | NewClient;
    if (known) client = known.id;
    else if (input.client)
      client = {
        phone: input.phone,
        name: input.client.name,
        email: input.client.email?.toLowerCase() ?? null,
        locale: input.client.locale ?? 'ru',
        accountId: null,
      };
    else throw invalid([{ field: 'phone', message: 'no client with this phone; pass client.name to create one' }]);

    let replayed = false;
    const created = await this.record(
      client,
      {
        serviceId: service.id,
        channel: input.channel,
        description: input.description,
        problemType: null,
        assetId: null,
        createdById: actor.id,
        idempotencyKey: idempotencyKey ?? null,
      },
      service.departmentId,
    ).catch(async (error: unknown) => {
      // Two concurrent calls with one key: the loser returns the winner's request (23505: unique violation).
      if (idempotencyKey && (error as { code?: string }).code === '23505') {
        const winner = await requestOfKey(this.db, idempotencyKey, null);
        if (winner) {
          replayed = true;
          return winner;
        }
      }
      throw error;
    });

    await linked(created.id);
    await this.ensureStarted(created.id);
    if (!replayed) requestsFiled.inc({ channel: input.channel });
    return { request: view(created), replayed };
  }

  /**
   * A request people file about something in front of them (a QR label): for themselves, as
   * the client found by their e-mail or phone (created if new), under the asset's service with
   * the problem type they picked. Idempotent by key like file().
   */
  async fileForSelf(
    actor: Actor,
    input: { serviceId: string; assetId?: string | null; problemType?: string | null; description: string; channel: Channel },
    idempotencyKey: string | undefined,
  ): Promise<{ request: FiledRequest; replayed: boolean }> {
    if (idempotencyKey !== undefined) {
      const key = idempotencyKeySchema.safeParse(idempotencyKey);
      if (!key.success) throw invalid([{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }]);
      const previous = await requestOfKey(this.db, idempotencyKey, null);
      if (previous) {
        if (previous.createdById !== actor.id || previous.assetId !== input.assetId)
          throw conflict('this Idempotency-Key was already used for a different request');
        await this.ensureStarted(previous.id);
        return { request: view(previous), replayed: true };
      }
    }
    const service = await serviceWhere(this.db, 'id', input.serviceId);
    if (!service) throw new Error(`service ${input.serviceId} does not exist`);
    // The account's own client record (clientAccounts.ts), or a new one made for it now.
    let client: string | NewClient | null = await linkedClientId(this.db, actor.id);
    if (!client) {
      // Without a phone the account alone identifies the record it makes (Client.accountId):
      // self-registered staff often leave the phone out (issue 17; it was a 409 before).
      if (actor.phone && (await clientByPhone(this.db, actor.phone)))
        throw conflict('a client record with your phone number exists but is not linked to your account; ask an operator to file the request');
      const email = actor.emailVerified ? actor.email.toLowerCase() : '';
      client = {
        name: actor.fullName || actor.username,
        phone: actor.phone ?? null,
        email: email || null,
        locale: actor.locale === 'en' ? 'en' : 'ru',
        accountId: actor.id,
      };
    }
    const created = await this.record(
      client,
      {
        serviceId: service.id,
        channel: input.channel,
        description: input.description,
        problemType: input.problemType ?? null,
        assetId: input.assetId ?? null,
        createdById: actor.id,
        idempotencyKey: idempotencyKey ?? null,
      },
      service.departmentId,
    );
    await this.ensureStarted(created.id);
    requestsFiled.inc({ channel: input.channel });
    return { request: view(created), replayed: false };
  }

  /**
   * A request a client sent over a channel (domain/intake: an e-mail to a desk mailbox, a bus
   * message), under the service the mailbox serves or the message names. Idempotent by key (the inbound message's), like file().
   */
  async fileFromChannel(input: {
    /** The client found, or a new one the channel vouches for (the bus), made with the request. */
    client: string | NewClient;
    serviceCode: string;
    channel: Channel;
    description: string;
    idempotencyKey: string;
    /** What the channel knows of the request (the sync: a ticket's mapped tracker or custom fields). */
    problemType?: string | null;
    externalOrderId?: string | null;
  }): Promise<FiledRequest> {
    const previous = await requestOfKey(this.db, input.idempotencyKey, null);
    if (previous) {
      await this.ensureStarted(previous.id);
      return view(previous);
    }
    const service = await serviceWhere(this.db, 'code', input.serviceCode);
    if (!service) throw invalid([{ field: 'serviceCode', message: `no service with code "${input.serviceCode}"` }]);
    const created = await this.record(
      input.client,
      {
        serviceId: service.id,
        channel: input.channel,
        description: input.description.slice(0, 4000) || '-',
        problemType: input.problemType ?? null,
        assetId: null,
        createdById: null,
        idempotencyKey: input.idempotencyKey,
        ...(input.externalOrderId ? { externalOrderId: input.externalOrderId } : {}),
      },
      service.departmentId,
    );
    await this.ensureStarted(created.id);
    requestsFiled.inc({ channel: input.channel });
    return view(created);
  }

  /**
   * Records a request (for a new client made with it, or a known one by id) and its
   * "request.filed" event, in one transaction.
   */
  private async record(client: string | NewClient, request: Omit<NewRequest, 'id' | 'clientId'>, departmentId: string) {
    return this.db.transaction().execute(async (trx) => {
      const clientId = typeof client === 'string' ? client : await insertClient(trx, client);
      const id = randomUUID();
      const row = await insertRequest(trx, { ...request, id, clientId });
      await recordEvent(trx, {
        type: 'request.filed',
        requestId: id,
        serviceId: request.serviceId,
        departmentId,
        channel: request.channel,
        actorId: request.createdById,
      });
      return row;
    });
  }

  /**
   * Starts the request's process. The request is recorded already, so a failed start (Temporal
   * down, or past its deadline) does not fail the filing, which a client would retry into a
   * second request: the request is answered as filed and the reconciler (reconciler.ts) starts
   * its workflow once Temporal answers.
   */
  private async ensureStarted(requestId: string): Promise<void> {
    try {
      if (await this.process.start(requestId)) workflowsStarted.inc();
    } catch (error) {
      workflowStartsDeferred.inc();
      log.warn('workflow not started at filing; the reconciler will start it', { requestId, error: String((error as Error)?.message ?? error) });
    }
  }
}
