// Intake of service requests: validate, find the client by phone, record the request and
// start its workflow. Idempotent: the same Idempotency-Key returns the same request, and a
// request whose workflow did not start (crash between the two) gets it started on retry.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sqlRows, type Db } from '../../infra/db';
import type { ProcessGateway } from '../process/gateway';
import { requestsFiled, requestsRejected, workflowsStarted } from '../../infra/metrics';
import { Channel } from '../../generated/prisma/enums';
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
  })
  .strict();
export type FileRequestInput = z.infer<typeof fileRequestSchema>;

export interface FiledRequest {
  id: string;
  status: string;
  channel: string;
  clientId: string;
  serviceId: string;
  description: string;
  workflowId: string;
  createdAt: string;
}

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

type FiledRow = Parameters<typeof view>[0];

// The request filed earlier under this Idempotency-Key ($1), and what tells whether this call
// repeats it: the same client's phone ($2, any of theirs), service and description.
const PREVIOUS_REQUEST = `
  SELECT r.id, r.status::text AS status, r.channel::text AS channel, r."clientId", r."serviceId", r.description, r."createdAt", s.code AS "serviceCode",
    EXISTS (SELECT 1 FROM "ClientPhone" p WHERE p."clientId" = r."clientId" AND p.phone = $2::text) AS "samePhone"
  FROM "ServiceRequest" r JOIN "Service" s ON s.id = r."serviceId"
  WHERE r."idempotencyKey" = $1::text`;

export class RequestService {
  constructor(
    private readonly db: Db,
    private readonly process: ProcessGateway,
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
    if (idempotencyKey !== undefined) {
      const key = idempotencyKeySchema.safeParse(idempotencyKey);
      if (!key.success) throw invalid([{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'invalid' }]);
      const [previous] = await sqlRows<FiledRow & { serviceCode: string; samePhone: boolean }>(this.db, PREVIOUS_REQUEST, [idempotencyKey, input.phone]);
      if (previous) {
        if (!previous.samePhone || previous.serviceCode !== input.serviceCode || previous.description !== input.description) {
          throw conflict('this Idempotency-Key was already used for a different request');
        }
        await this.ensureStarted(previous.id);
        return { request: view(previous), replayed: true };
      }
    }

    const [service] = await sqlRows<{ id: string; departmentId: string }>(this.db, 'SELECT id, "departmentId" FROM "Service" WHERE code = $1::text', [
      input.serviceCode,
    ]);
    if (!service) throw invalid([{ field: 'serviceCode', message: `no service with code "${input.serviceCode}"` }]);
    const known = await clientByPhone(this.db, input.phone);
    if (known?.deletedAt) throw conflict('this phone belongs to a deleted client; restore or edit the client first');

    let replayed = false;
    const created = await this.db
      .$transaction(async (tx) => {
        let client: { id: string } | null = known;
        if (!client) {
          if (!input.client) throw invalid([{ field: 'phone', message: 'no client with this phone; pass client.name to create one' }]);
          const email = input.client.email?.toLowerCase() ?? null;
          client = await tx.client.create({
            data: {
              phone: input.phone,
              name: input.client.name,
              email,
              locale: input.client.locale ?? 'ru',
              phones: { create: [{ phone: input.phone }] },
              ...(email ? { emails: { create: [{ email }] } } : {}),
            },
          });
        }
        const id = randomUUID();
        const request = await tx.serviceRequest.create({
          data: {
            id,
            workflowId: id,
            clientId: client.id,
            serviceId: service.id,
            channel: input.channel,
            description: input.description,
            createdById: actor.id,
            idempotencyKey: idempotencyKey ?? null,
          },
        });
        await recordEvent(tx, {
          type: 'request.filed',
          requestId: request.id,
          serviceId: service.id,
          departmentId: service.departmentId,
          channel: input.channel,
          actorId: actor.id,
        });
        return request;
      })
      .catch(async (error: unknown) => {
        // Two concurrent calls with one key: the loser returns the winner's request.
        if (idempotencyKey && (error as { code?: string }).code === 'P2002') {
          const winner = await this.db.serviceRequest.findUnique({ where: { idempotencyKey } });
          if (winner) {
            replayed = true;
            return winner;
          }
        }
        throw error;
      });

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
      const previous = await this.db.serviceRequest.findUnique({ where: { idempotencyKey } });
      if (previous) {
        if (previous.createdById !== actor.id || previous.assetId !== input.assetId)
          throw conflict('this Idempotency-Key was already used for a different request');
        await this.ensureStarted(previous.id);
        return { request: view(previous), replayed: true };
      }
    }
    const service = await this.db.service.findUniqueOrThrow({ where: { id: input.serviceId } });
    const created = await this.db.$transaction(async (tx) => {
      // The account's own client record (clientAccounts.ts), or a new one made for it now.
      let clientId = await linkedClientId(tx, actor.id);
      if (!clientId) {
        if (!actor.phone) throw conflict('your profile has no phone number, so no client record can be made for you; ask an operator to file the request');
        if (await clientByPhone(tx, actor.phone))
          throw conflict('a client record with your phone number exists but is not linked to your account; ask an operator to file the request');
        const email = actor.emailVerified ? actor.email.toLowerCase() : '';
        const client = await tx.client.create({
          data: {
            name: actor.fullName || actor.username,
            phone: actor.phone,
            email: email || null,
            locale: actor.locale === 'en' ? 'en' : 'ru',
            accountId: actor.id,
            phones: { create: [{ phone: actor.phone }] },
            ...(email ? { emails: { create: [{ email }] } } : {}),
          },
        });
        clientId = client.id;
      }
      const id = randomUUID();
      const request = await tx.serviceRequest.create({
        data: {
          id,
          workflowId: id,
          clientId,
          serviceId: service.id,
          channel: input.channel,
          description: input.description,
          problemType: input.problemType ?? null,
          assetId: input.assetId ?? null,
          createdById: actor.id,
          idempotencyKey: idempotencyKey ?? null,
        },
      });
      await recordEvent(tx, {
        type: 'request.filed',
        requestId: id,
        serviceId: service.id,
        departmentId: service.departmentId,
        channel: input.channel,
        actorId: actor.id,
      });
      return request;
    });
    await this.ensureStarted(created.id);
    requestsFiled.inc({ channel: input.channel });
    return { request: view(created), replayed: false };
  }

  private async ensureStarted(requestId: string): Promise<void> {
    if (await this.process.start(requestId)) workflowsStarted.inc();
  }
}
