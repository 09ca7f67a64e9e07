// Calls from the PBX: every event (webhook or AMI) is kept raw with its call, applied once (a
// replay finds its CallEvent row and changes nothing), and pushed to the operator whose
// extension rings; the caller's card; linking the request filed from it; callback tasks.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import type { Actor } from '../access/identity';
import { hasRole, isStaff } from '../access/identity';
import { clientByPhone } from '../clients/byPhone';
import type { ClientCard } from '../clients/clientView';
import { DomainError, forbidden, notFound } from '../shared/errors';
import { parseInput } from '../shared/validation';
import { applyEvent, callEventSchema } from './callEvents';
import { callView, type CallCard, type CallView } from './callView';
import {
  callForUpdate,
  callSeen,
  callsFrom,
  contractName,
  heldCalls,
  insertCall,
  insertCallEvent,
  linkCall,
  markCallbackDone,
  openCallbacks,
  operatorOf,
  updateCall,
} from './repository';

/** The client card of a phone as the person may read it (ClientService.lookup; app.ts wires it). */
export type CardOfPhone = (actor: Actor, phone: string) => Promise<ClientCard>;
/** Throws a 404 unless the person may see the request (the request journal; app.ts wires it). */
export type RequestSeen = (actor: Actor, requestId: string) => Promise<unknown>;

const RECENT = 5;

export const linkCallSchema = z.object({ requestId: z.string().uuid() }).strict();

export class CallService {
  constructor(
    private readonly db: Database,
    private readonly cardOfPhone: CardOfPhone,
    private readonly requestSeen: RequestSeen,
  ) {}

  /** Applies one event from `source` ("webhook", "ami"); a 400 names the bad field. */
  async record(source: string, body: unknown): Promise<{ call: CallView; replayed: boolean }> {
    const e = parseInput(callEventSchema, body);
    const at = e.at ? new Date(e.at) : new Date();
    const owner = await clientByPhone(this.db, e.caller);
    const result = await this.db.transaction().execute(async (trx) => {
      let call = await callForUpdate(trx, source, e.callId);
      if (!call) {
        await insertCall(trx, {
          source,
          pbxCallId: e.callId,
          callerNumber: e.caller,
          calledNumber: e.called,
          startedAt: at,
          clientId: owner && !owner.deletedAt ? owner.id : null,
          heldReason: 'no operator extension named yet',
        });
        call = (await callForUpdate(trx, source, e.callId))!;
      }
      // Each ringing extension is its own event (a queue rings several in turn); the others happen once.
      const kind = e.event === 'ringing' ? `ringing:${e.extension ?? ''}` : e.event;
      if (!(await insertCallEvent(trx, call.id, kind, body))) return { call, replayed: true };
      const extension = e.extension ?? call.extension;
      const operator = extension ? ((await operatorOf(trx, extension)) ?? null) : null;
      return { call: await updateCall(trx, call.id, applyEvent(call, e, at, operator)), replayed: false };
    });
    if (result.call.heldReason && !result.replayed) log.warn('telephony: call held', { callId: result.call.id, reason: result.call.heldReason });
    return { call: callView(result.call), replayed: result.replayed };
  }

  /** The caller's card of a call on the person's screen: their own calls (admins all), else 404. */
  async card(actor: Actor, id: string): Promise<CallCard> {
    const call = await callSeen(this.db, actor, id);
    if (!call) throw notFound('call');
    const found = await this.cardOfPhone(actor, call.callerNumber).catch((error: unknown) => {
      if (error instanceof DomainError && error.status === 404) return null;
      throw error;
    });
    const contractId = found?.client.slaContractId;
    return {
      call: callView(call),
      client: found?.client ?? null,
      openRequests: found?.requests.filter((r) => r.status !== 'CLOSED') ?? [],
      recentRequests: found?.requests.slice(0, RECENT) ?? [],
      recentCalls: (await callsFrom(this.db, call.callerNumber, call.startedAt, RECENT)).map(callView),
      slaContract: contractId ? ((await contractName(this.db, contractId)) ?? null) : null,
    };
  }

  /** Links the person's call to the request they filed from its card (the request's timeline shows the call). */
  async link(actor: Actor, id: string, body: unknown): Promise<CallView> {
    const call = await callSeen(this.db, actor, id);
    if (!call) throw notFound('call');
    const { requestId } = parseInput(linkCallSchema, body);
    await this.requestSeen(actor, requestId);
    return callView(await linkCall(this.db, call.id, requestId));
  }

  /** Missed calls to call back, of the person's department (a supervisor's subtree; admins all). */
  async callbacks(actor: Actor): Promise<CallView[]> {
    if (!isStaff(actor)) throw forbidden('callback tasks are for staff');
    return (await openCallbacks(this.db, actor, 200)).map(callView);
  }

  async callbackDone(actor: Actor, id: string): Promise<CallView> {
    const row = await markCallbackDone(this.db, actor, id);
    if (!row) throw notFound('callback task');
    return callView(row);
  }

  /** Calls held for an admin with their reason (an extension no operator has). */
  async held(actor: Actor): Promise<CallView[]> {
    if (!hasRole(actor, 'admin')) throw forbidden('held calls are for admins');
    return (await heldCalls(this.db, 200)).map(callView);
  }
}
