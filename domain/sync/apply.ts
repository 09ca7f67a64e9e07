// Applies one change of a ticket there to our request (docs/sync.md, "Workflows"), through our
// own process only: a new ticket is filed through the intake (idempotent by the ticket's id), a
// status or priority through the incident workflow's transitions, comments as public or
// internal comments. Safe to repeat: the sync's inbound workflow runs it as an activity that is
// retried until it succeeds, and the poll sees a change of the cursor's second twice.
import type { Database } from '../../infra/db';
import type { ProcessGateway } from '../process/gateway';
import { nextStatus, type Action, type IncidentStatus } from '../process/states';
import { STALE_PROBLEM, type Priority } from '../process/types';
import type { RequestService } from '../requests/intake';
import type { NewClient } from '../requests/intakeRepository';
import type { CommentService } from '../incidents/comments';
import { clientsByEmail } from '../clients/byEmail';
import { audit } from '../shared/audit';
import { DomainError } from '../shared/errors';
import { SyncRejected, type SyncConnector } from './connector';
import type { InboundChange } from './inbound';
import { holdRow, linkByRemote, mappingRows, markLink, retireLink } from './repository';
import { fieldsIn } from './fields';
import { commentCarried, incidentOfRequest, requestForTicket, insertLink, ourLastChange, recordCarriedComment, serviceOfDepartment } from './applyRepository';
import { carryTitle } from '../incidents/editing';
import { statusPath } from './statusPath';
import { employeeByEmailOrLogin } from './mappingRepository';
import { carryFilesIn, filesToCarry, type SyncFilePorts } from './attachments';

/** The actor of every change the sync makes on our side: an outbox event by it is not sent back. */
export const syncActor = (system: string) => `sync:${system}`;
export const isSyncActor = (actorId: string | null) => actorId?.startsWith('sync:') ?? false;

/**
 * Clocks of two servers may differ: a ticket counts as made after its link only past this margin.
 * A reused id follows a deletion, minutes later at least (5 min 50 s in the CI run of ef49f04).
 */
const REUSED_ID_MARGIN_MS = 60_000;

/**
 * Whether the ticket under a linked id is another ticket than the linked one: made there after
 * the link was. Redmine on SQLite (Debian's redmine-sqlite) gives a deleted issue's id, when it
 * was the highest, to the next issue; a linked ticket always existed before its link (filed here
 * from it) or within the same seconds (made there by us).
 */
export function reusedId(link: { createdAt: Date }, t: { createdAt: string | null }): boolean {
  const made = t.createdAt ? Date.parse(t.createdAt) : Number.NaN;
  return Number.isFinite(made) && made > link.createdAt.getTime() + REUSED_ID_MARGIN_MS;
}

/** The address a ticket's client is found by: its requester's, or the system's own client's when it names none. */
export const requesterEmail = (system: string, requester: string | null): string =>
  (requester?.includes('@') ? requester : `${system}-sync@incident-desk.local`).toLowerCase();

/** A ticket's subject as our title may hold it (200 characters, editing.ts), compared and kept on the link so. */
export const subjectOf = (t: { subject: string }) => t.subject.trim().slice(0, 200);

/** The incident is not open yet (a request just filed): the activity is retried until it is. */
export class NotOpenYet extends Error {
  override readonly name = 'NotOpenYet';
}

export interface ApplyPorts {
  process: ProcessGateway;
  requests: RequestService;
  comments: CommentService;
  attachments: SyncFilePorts;
}

export type Applied = 'filed' | 'updated' | 'held';

/**
 * Versions there are whole seconds: a ticket read within its version's second may change again
 * with the same version, so only a read after the second is over (and a margin for the two
 * servers' clocks, 10 s) makes the version final; the poll then skips it (inbound.ts) instead of
 * applying it again on every pass (RT: 3 to 5 calls for its comments each time).
 */
const FINAL_AFTER_MS = 11_000;
const readFinal = (change: InboundChange) => Date.parse(change.readAt) - Date.parse(change.ticket.updatedAt) >= FINAL_AFTER_MS;

export class SyncApply {
  constructor(
    private readonly db: Database,
    private readonly ports: ApplyPorts,
  ) {}

  async apply(connector: SyncConnector, change: InboundChange): Promise<Applied> {
    const system = connector.system;
    const t = change.ticket;
    // No shortcut by version: a ticket changed twice in one second (RT and Redmine keep whole
    // seconds) has one version for both changes; applying again changes nothing that is applied.
    let link = await linkByRemote(this.db, system, t.remoteId);
    if (link && reusedId(link, t)) {
      await retireLink(this.db, link);
      link = undefined;
    }
    try {
      let requestId = link?.requestId ?? null;
      let outcome: Applied = 'updated';
      if (!requestId) {
        const filed = await this.file(connector, change);
        if (filed === null) return 'held';
        requestId = filed;
        outcome = 'filed';
      }
      // The assignee first: our assignment needs an open status (a ticket resolved there with its
      // owner is assigned here, then resolved).
      await this.assign(system, change, requestId);
      await this.moveStatus(system, change, requestId);
      await this.retitle(system, change, requestId);
      await this.carryComments(connector, t.remoteId, requestId);
      await this.carryFiles(connector, t.remoteId, requestId);
      const now = await linkByRemote(this.db, system, t.remoteId);
      if (now && readFinal(change)) await markLink(this.db, now.id, { lastSeen: t.updatedAt });
      return outcome;
    } catch (error) {
      // Refused for good (our process refuses the move, their side refuses a call): held with
      // the reason for an admin; anything else (the side away, the incident not open yet) is retried.
      if (error instanceof SyncRejected || (error instanceof DomainError && error.status < 500)) {
        await holdRow(this.db, { system, remoteId: t.remoteId, kind: 'change', value: t.updatedAt, reason: error.message.slice(0, 500) });
        return 'held';
      }
      throw error;
    }
  }

  /**
   * A new ticket there: a request through our intake, for the client its requester names, under
   * the service its tracker maps to (else its department's first), with what its mapped custom
   * fields carry (fields.ts).
   */
  private async file(connector: SyncConnector, change: InboundChange): Promise<string | null> {
    const system = connector.system;
    const t = change.ticket;
    const carried = await fieldsIn(this.db, connector, await mappingRows(this.db, system), t);
    if (carried === null) return null;
    const serviceCode = carried.serviceCode ?? (await serviceOfDepartment(this.db, change.departmentCode));
    if (!serviceCode) {
      await holdRow(this.db, {
        system,
        remoteId: t.remoteId,
        kind: 'queue',
        value: t.queue,
        reason: `department "${change.departmentCode}" has no service to file ${system} tickets under`,
      });
      return null;
    }
    const client = await this.clientOf(system, t.requester);
    if (typeof client === 'object' && 'held' in client) {
      await holdRow(this.db, { system, remoteId: t.remoteId, kind: 'person', value: t.requester ?? '', reason: client.held });
      return null;
    }
    const filed = await this.ports.requests.fileFromChannel({
      client,
      serviceCode,
      channel: 'ESB',
      description: [t.subject, t.description].filter(Boolean).join('\n\n'),
      idempotencyKey: `sync:${system}:${t.remoteId}`,
      problemType: carried.problemType ?? null,
      externalOrderId: carried.orderId ?? null,
    });
    await insertLink(this.db, {
      system,
      remoteId: t.remoteId,
      requestId: filed.id,
      lastWritten: null,
      lastValues: null,
      lastSeen: null,
      lastSubject: subjectOf(t),
    });
    return filed.id;
  }

  /**
   * The requester's client by e-mail (one known client, or a new one with that address); a
   * ticket with no requester's address (Redmine has none) is the system's own client, made once.
   */
  private async clientOf(system: string, requester: string | null): Promise<string | NewClient | { held: string }> {
    if (!requester?.includes('@')) requester = null;
    const email = requesterEmail(system, requester);
    const found = await clientsByEmail(this.db, email);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) return { held: `${found.length} clients have the address ${email}: an admin picks the client` };
    return { name: requester ?? `${system} tickets`, phone: null, email, locale: 'ru', accountId: null };
  }

  /**
   * Status and priority, last writer wins (docs/sync.md, "Who owns each field"): when people
   * here changed the request after the ticket's change there, ours stays and theirs is written
   * to the request's history.
   */
  private async moveStatus(system: string, change: InboundChange, requestId: string): Promise<void> {
    const incident = await incidentOfRequest(this.db, requestId);
    const status = change.status as IncidentStatus;
    const priority = change.priority as Priority;
    const ours = await ourLastChange(this.db, requestId);
    if (incident && ours && ours.getTime() > Date.parse(change.ticket.updatedAt)) return this.keepOurs(system, change, incident);
    const path = statusPath(incident ? (incident.status as IncidentStatus) : null, status);
    if (!path.ok) {
      await holdRow(this.db, { system, remoteId: change.ticket.remoteId, kind: 'status', value: change.ticket.status, reason: path.reason });
      return;
    }
    const actorId = syncActor(system);
    const final = path.actions.some((a) => a === 'resolve' || a === 'close' || a === 'cancel');
    // Before the incident opens a new priority waits in the process's queue like any transition.
    const current = incident?.priority ?? (await requestForTicket(this.db, requestId))?.priority;
    // Each transition carries what was read above (patch "expected-values"): a person's change
    // that lands here between that read and the transition's turn in the process (seconds on a
    // loaded Temporal) is later than theirs, so the process refuses theirs and ours stays.
    let at = incident ? (incident.status as IncidentStatus) : null;
    try {
      if (current !== priority && !final)
        await this.ports.process.transition(requestId, {
          action: 'setPriority',
          actorId,
          priority,
          ...(incident && { expected: { priority: incident.priority as Priority } }),
        });
      for (const action of path.actions) {
        await this.ports.process.transition(requestId, {
          action,
          actorId,
          comment: this.reason(action, system, change),
          ...(at && { expected: { status: at } }),
        });
        const next = at ? nextStatus(at, action) : null;
        at = next?.ok ? next.status : null;
      }
    } catch (error) {
      if (!(error instanceof DomainError && error.type === STALE_PROBLEM)) throw error;
      const now = await incidentOfRequest(this.db, requestId);
      if (now) await this.keepOurs(system, change, now);
    }
  }

  /**
   * Their assignee through the incident's `assign` transition (actor `sync:<system>`, so it is not
   * sent back), last writer wins as for the status. Nobody there leaves ours. Someone our process
   * refuses (not an agent of the incident's department, inactive) is held with its reason, kind
   * `person`, and the rest of the ticket goes on.
   */
  private async assign(system: string, change: InboundChange, requestId: string): Promise<void> {
    if (!change.assignee) return;
    const t = change.ticket;
    const incident = await incidentOfRequest(this.db, requestId);
    // Its assignment waits for the incident (seconds after filing); retried like its comments.
    if (!incident) throw new NotOpenYet(`request ${requestId} has no incident yet; ${system} #${t.remoteId}'s assignee waits for it`);
    const employee = await employeeByEmailOrLogin(this.db, change.assignee);
    const hold = (reason: string) => holdRow(this.db, { system, remoteId: t.remoteId, kind: 'person', value: t.assignee ?? '', reason: reason.slice(0, 500) });
    if (!employee) return void (await hold(`${system} person "${t.assignee}" maps to ${change.assignee}, who is not an active employee`));
    if (incident.assigneeId === employee.id) return;
    const ours = await ourLastChange(this.db, requestId);
    if (ours && ours.getTime() > Date.parse(t.updatedAt)) return;
    try {
      await this.ports.process.transition(requestId, { action: 'assign', actorId: syncActor(system), assigneeId: employee.id });
    } catch (error) {
      if (!(error instanceof DomainError && error.status < 500)) throw error;
      await hold(`${system} assignee "${t.assignee}" (${employee.email}) not taken: ${error.message}`);
    }
  }

  /**
   * Their subject edited after the link was made: our incident's title follows, last writer wins
   * as for the status (our time: the newest title edit of a person here). Only an edit there is
   * carried (a subject other than the link's last one): the ticket's first subject and our title
   * may differ from the start (ours is made from the description's first line) and stay so.
   */
  private async retitle(system: string, change: InboundChange, requestId: string): Promise<void> {
    const t = change.ticket;
    const link = await linkByRemote(this.db, system, t.remoteId);
    const subject = subjectOf(t);
    if (!link || !subject || link.lastSubject === subject) return;
    // A link kept before subjects were: this subject is where its edits are counted from.
    if (link.lastSubject === null) return void (await markLink(this.db, link.id, { lastSubject: subject }));
    const incident = await incidentOfRequest(this.db, requestId);
    if (!incident) throw new NotOpenYet(`request ${requestId} has no incident yet; ${system} #${t.remoteId}'s subject waits for it`);
    if (incident.title !== subject) {
      const ours = await ourLastChange(this.db, requestId, ['incident.retitled']);
      if (ours && ours.getTime() > Date.parse(t.updatedAt))
        await this.recordConflict(system, incident.id, { title: subject, at: t.updatedAt }, { title: incident.title });
      else await carryTitle(this.db, incident, subject, syncActor(system));
    }
    await markLink(this.db, link.id, { lastSubject: subject });
  }

  /** Ours changed later than theirs: ours stays, theirs (the losing value) goes to the incident's history. */
  private async keepOurs(system: string, change: InboundChange, incident: { id: string; status: string; priority: string }): Promise<void> {
    const { status, priority } = change;
    if (incident.status === status && incident.priority === priority) return;
    await this.recordConflict(system, incident.id, { status, priority, at: change.ticket.updatedAt }, { status: incident.status, priority: incident.priority });
  }

  /** The losing value of theirs beside ours (kept) in the incident's history. */
  private async recordConflict(system: string, incidentId: string, theirs: Record<string, string>, ours: Record<string, string>): Promise<void> {
    await audit(this.db, {
      entityType: 'incident',
      entityId: incidentId,
      incidentId,
      actorId: syncActor(system),
      action: 'sync.conflict',
      before: { ...theirs, system },
      after: { ...ours, kept: 'ours, changed later' },
    });
  }

  private reason(action: Action, system: string, change: InboundChange): string | undefined {
    return action === 'resolve' || action === 'cancel' ? `${system} #${change.ticket.remoteId}: ${change.ticket.status}` : undefined;
  }

  /** Their files not carried yet; one our rules refuse is held and the rest go on (attachments.ts). */
  private async carryFiles(connector: SyncConnector, remoteId: string, requestId: string): Promise<void> {
    const files = await filesToCarry(this.db, connector, remoteId);
    if (files.length === 0) return;
    const incident = await incidentOfRequest(this.db, requestId);
    if (!incident) throw new NotOpenYet(`request ${requestId} has no incident yet; ${connector.system} #${remoteId}'s files wait for it`);
    await carryFilesIn(this.db, this.ports.attachments, connector, remoteId, incident, files);
  }

  /** Their comments not carried yet, by their id there; ours coming back (the sync's own) are not. */
  private async carryComments(connector: SyncConnector, remoteId: string, requestId: string): Promise<void> {
    const system = connector.system;
    const comments = await connector.listComments(remoteId);
    for (const c of comments) {
      if (c.author === connector.ownLogin || (await commentCarried(this.db, system, c.remoteId))) continue;
      const incident = await incidentOfRequest(this.db, requestId);
      if (!incident) throw new NotOpenYet(`request ${requestId} has no incident yet; ${system} #${remoteId}'s comments wait for it`);
      await this.ports.comments.addCarried(`${system}:${c.author ?? 'unknown'}`, incident, c.body, c.public, (trx, commentId) =>
        recordCarriedComment(trx, { system, remoteId, remoteCommentId: c.remoteId, commentId }),
      );
    }
  }
}
