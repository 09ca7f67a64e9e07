// The outbound pass of one system (docs/sync.md, "Workflows"): our changes, read from the outbox
// (IncidentEvent) after the system's own cursor, upserted there idempotently. A request filed
// here becomes a ticket there (linked both ways); a status or priority change is written to the
// linked ticket (last writer wins by change time); a comment is added once, public or internal.
// The changes the sync itself made here (actor "sync:<system>") are not sent back, and every
// write there leaves its version on the link, so the inbound poll knows it as our own.
import type { Database } from '../../infra/db';
import { SyncRejected, type RemoteComment, type RemoteTicket, type SyncConnector } from './connector';
import { isEcho, toTheirs, writtenValues, type Mapping } from './mapping';
import { cursorRow, holdRow, linkByRequest, mappingRows, markLink, saveCursorRow } from './repository';
import { recordSyncError } from './inbound';
import { isSyncActor, subjectOf, syncActor } from './apply';
import { sendFileOut } from './attachments';
import { fieldsOut } from './fields';
import {
  assigneeEmailOfRequest,
  commentById,
  commentCarried,
  outboxAfter,
  incidentOfRequest,
  insertLink,
  newestEventSeq,
  recordCarriedComment,
  remoteOfComment,
  requestForTicket,
  type OutboxRow,
} from './applyRepository';

/** The outbound cursor's row in SyncCursor: the last outbox position (busSeq) sent to the system. */
export const outboundCursorOf = (system: string) => `${system}:out`;

/**
 * How long a gap in the outbox's positions is waited for. busSeq is taken when an event is
 * inserted, not when its transaction commits: a position below one already read may still be
 * committing, and a cursor moved past it would never send it. A gap left by a rollback (or an
 * insert that found the event's key taken) never fills: after this wait the pass goes past it.
 * The transactions that record events last milliseconds; 10 s is far beyond them, and the only
 * cost is that the pass waits that long behind a gap.
 */
const GAP_WAIT_MS = 10_000;

/** The event comes after a gap in the positions that may still be filled by a transaction in flight. */
function inFlightBefore(previous: bigint, e: { busSeq: string; occurredAt: Date }): boolean {
  return BigInt(e.busSeq) !== previous + 1n && Date.now() - e.occurredAt.getTime() < GAP_WAIT_MS;
}

type Link = NonNullable<Awaited<ReturnType<typeof linkByRequest>>>;

/** What our write leaves on the link: the ticket's version after it and what it holds, so its change coming back is an echo. */
const ourWrite = (t: RemoteTicket) => ({ lastWritten: t.updatedAt, lastValues: writtenValues(t) });

/** The ticket changed there after our event, and not by our own write: theirs wins (the inbound pass brings it). */
const changedThereLater = (connector: SyncConnector, now: RemoteTicket, link: Link, e: OutboxRow) =>
  !isEcho(now, link, connector.ownLogin) && Date.parse(now.updatedAt) > e.occurredAt.getTime();

export class SyncOutbound {
  constructor(
    private readonly db: Database,
    /** Where a stored file of ours is (FileStorage.path): its bytes are sent there. */
    private readonly filePath: (storageKey: string) => string,
  ) {}

  /**
   * Sends the next events (at most `limit`), each before the cursor moves past it: a side that is
   * away stops the pass at that event (retried by the workflow), so nothing is lost, and an event
   * sent again finds its write there already (nothing doubles). The first pass of a system starts
   * at the newest event: older requests are linked by the backfill, not sent.
   */
  async pass(connector: SyncConnector, limit = 50): Promise<number> {
    const key = outboundCursorOf(connector.system);
    const cursor = (await cursorRow(this.db, key))?.cursor;
    if (cursor === undefined || cursor === null) {
      await saveCursorRow(this.db, key, { cursor: await newestEventSeq(this.db), error: null });
      return 0;
    }
    const events = await outboxAfter(this.db, cursor, limit);
    const mappings = await mappingRows(this.db, connector.system);
    let previous = BigInt(cursor);
    let sent = 0;
    for (const e of events) {
      if (inFlightBefore(previous, e)) break;
      previous = BigInt(e.busSeq);
      sent++;
      try {
        await this.send(connector, mappings, e);
      } catch (error) {
        if (!(error instanceof SyncRejected)) {
          await recordSyncError(this.db, connector.system, error);
          throw error;
        }
        await holdRow(this.db, {
          system: connector.system,
          remoteId: `request:${e.requestId}`,
          kind: 'outbound',
          value: e.key,
          reason: error.message.slice(0, 500),
        });
      }
      await saveCursorRow(this.db, key, { cursor: String(e.busSeq), error: null });
    }
    return sent;
  }

  private async send(connector: SyncConnector, mappings: Mapping[], e: OutboxRow): Promise<void> {
    // Our own write of their change: sending it back would echo it; but see realign.
    if (isSyncActor(e.actorId)) return e.actorId === syncActor(connector.system) ? this.realign(connector, mappings, e) : undefined;
    const link = await linkByRequest(this.db, connector.system, e.requestId);
    if (e.type === 'request.filed') return link ? undefined : this.create(connector, mappings, e);
    if (!link) return;
    if (e.type === 'comment.added') return this.comment(connector, link, e);
    if (e.type === 'attachment.added') return this.file(connector, link, e);
    if (e.type === 'incident.retitled') return this.retitle(connector, link, e);
    if (e.type.startsWith('incident.') && e.status) return this.update(connector, mappings, link, e);
  }

  /** A value in their words, or held (once per request, kind and value) with the reason. */
  private async theirs(system: string, mappings: Mapping[], requestId: string, kind: 'status' | 'priority' | 'queue', ours: string): Promise<string | null> {
    const t = toTheirs(mappings, system, kind, ours);
    if (t.ok) return t.value;
    await holdRow(this.db, { system, remoteId: `request:${requestId}`, kind, value: ours, reason: t.reason });
    return null;
  }

  private async create(connector: SyncConnector, mappings: Mapping[], e: OutboxRow): Promise<void> {
    const system = connector.system;
    const r = await requestForTicket(this.db, e.requestId);
    // Filed here by the sync from a ticket of some system: that system has it already.
    if (!r || r.idempotencyKey?.startsWith('sync:')) return;
    // The queue mappings choose the departments that sync with the system: a request of another
    // department is not made there, and nothing is held for it (no value is missing).
    const mapped = toTheirs(mappings, system, 'queue', r.departmentCode);
    if (!mapped.ok) return;
    const queue = mapped.value;
    const priority = await this.theirs(system, mappings, r.id, 'priority', r.priority);
    const status = await this.theirs(system, mappings, r.id, 'status', 'NEW');
    if (priority === null || status === null) return;
    const subject = (r.description.split('\n')[0] ?? '').slice(0, 200) || `request ${r.id}`;
    // Its tracker and mapped custom fields (fields.ts); the resolution is empty while it is new.
    const carried = await fieldsOut(this.db, connector, mappings, r, {
      title: subject,
      description: r.description,
      problemType: r.problemType,
      orderId: r.externalOrderId,
    });
    // The link is written at once from the answer; a crash between the two (milliseconds) is the
    // one window in which a retry makes a second ticket (docs/sync.md, "Outages").
    const made = await connector.upsertTicket(null, { subject, description: r.description, queue, priority, status, requester: r.email, ...carried });
    await insertLink(this.db, {
      system,
      remoteId: made.remoteId,
      requestId: r.id,
      ...ourWrite(made),
      lastSeen: null,
      lastSubject: subjectOf(made),
    });
  }

  /**
   * Their status or priority, applied here: our write may have overwritten it there meanwhile
   * (read before theirs landed, written after; seconds on a loaded machine: the sync suite's run of
   * 2026-12-05 01:53 ended P1 here and 50 in RT). Then the ticket's newest version is our own
   * write and differs from ours now, which holds theirs: ours now is written again, so both sides
   * end with theirs. When the newest version there is theirs, nothing is written: one read a
   * change applied.
   */
  private async realign(connector: SyncConnector, mappings: Mapping[], e: OutboxRow): Promise<void> {
    if (!e.type.startsWith('incident.') || !e.status) return;
    const link = await linkByRequest(this.db, connector.system, e.requestId);
    if (link) await this.update(connector, mappings, link, e, true);
  }

  /**
   * Our status and priority after a person's change, unless the ticket changed there later
   * (theirs wins then). What the process does by itself (opening, assigning, the close after the
   * reopen window) follows from those changes and is not sent: it would undo theirs. A status of
   * ours with no word there (ASSIGNED in RT) leaves theirs as it is, and a ticket done there
   * stays done when ours is resolved or closed.
   */
  private async update(connector: SyncConnector, mappings: Mapping[], link: Link, e: OutboxRow, realign = false): Promise<void> {
    if (e.actorId === null) return;
    const system = connector.system;
    const now = await connector.getTicket(link.remoteId);
    if (!now) return;
    if (realign ? !isEcho(now, link, connector.ownLogin) : changedThereLater(connector, now, link, e)) return;
    const status = toTheirs(mappings, system, 'status', e.status!);
    const keepDone = now.closed && (e.status === 'RESOLVED' || e.status === 'CLOSED');
    const priority = e.priority ? await this.theirs(system, mappings, e.requestId, 'priority', e.priority) : null;
    const assignee = e.type === 'incident.assigned' ? await this.assigneeThere(system, mappings, e.requestId) : null;
    const input = {
      ...(status.ok && !keepDone && now.status !== status.value ? { status: status.value } : {}),
      ...(priority !== null && now.priority !== priority ? { priority } : {}),
      ...(assignee !== null && now.assignee !== assignee ? { assignee } : {}),
    };
    if (Object.keys(input).length === 0) return;
    const written = await connector.upsertTicket(link.remoteId, input);
    await markLink(this.db, link.id, ourWrite(written));
  }

  /**
   * Our incident's title, edited by a person here, as the ticket's subject there; unless the
   * ticket changed there later (theirs wins then, as for the status: the inbound pass brings it).
   */
  private async retitle(connector: SyncConnector, link: Link, e: OutboxRow): Promise<void> {
    const incident = await incidentOfRequest(this.db, e.requestId);
    const now = await connector.getTicket(link.remoteId);
    if (!incident || !now) return;
    if (changedThereLater(connector, now, link, e)) return;
    const written = now.subject !== incident.title ? await connector.upsertTicket(link.remoteId, { subject: incident.title }) : null;
    await markLink(this.db, link.id, { lastSubject: incident.title, ...(written ? ourWrite(written) : {}) });
  }

  /**
   * Our incident's assignee as their login (the person mapping, by the employee's e-mail), or
   * null: nobody here, or held (kind `person`, value the e-mail) when they have no login there.
   */
  private async assigneeThere(system: string, mappings: Mapping[], requestId: string): Promise<string | null> {
    const email = await assigneeEmailOfRequest(this.db, requestId);
    if (email === null) return null;
    const t = toTheirs(mappings, system, 'person', email);
    if (t.ok) return t.value;
    await holdRow(this.db, { system, remoteId: `request:${requestId}`, kind: 'person', value: email, reason: t.reason });
    return null;
  }

  /** A comment of ours, once: one carried from there, or sent already, is known by its id there. */
  private async comment(connector: SyncConnector, link: Link, e: OutboxRow): Promise<void> {
    const system = connector.system;
    const commentId = e.key.split(':')[2];
    if (!commentId || (await remoteOfComment(this.db, system, commentId))) return;
    const c = await commentById(this.db, commentId);
    if (!c) return;
    const before = await connector.listComments(link.remoteId);
    // Sent before a crash that kept it from being recorded: recorded now, not sent again.
    const sent = await this.unrecordedWith(system, before, c.body);
    if (!sent) {
      await connector.addComment(link.remoteId, { body: c.body, public: c.public });
      const after = await connector.listComments(link.remoteId);
      const known = new Set(before.map((b) => b.remoteId));
      const made = after.find((a) => !known.has(a.remoteId) && a.body.trim() === c.body.trim());
      if (made) await recordCarriedComment(this.db, { system, remoteId: link.remoteId, remoteCommentId: made.remoteId, commentId });
    } else await recordCarriedComment(this.db, { system, remoteId: link.remoteId, remoteCommentId: sent.remoteId, commentId });
    const now = await connector.getTicket(link.remoteId);
    if (now) await markLink(this.db, link.id, ourWrite(now));
  }

  /** A file of ours, once (attachments.ts); one carried from there is known by its id there. */
  private async file(connector: SyncConnector, link: Link, e: OutboxRow): Promise<void> {
    const attachmentId = e.key.split(':')[2];
    if (!attachmentId || !(await sendFileOut(this.db, connector, this.filePath, link.remoteId, attachmentId))) return;
    const now = await connector.getTicket(link.remoteId);
    if (now) await markLink(this.db, link.id, ourWrite(now));
  }

  private async unrecordedWith(system: string, comments: RemoteComment[], body: string): Promise<RemoteComment | null> {
    for (const c of comments) {
      if (c.body.trim() !== body.trim()) continue;
      if (!(await commentCarried(this.db, system, c.remoteId))) return c;
    }
    return null;
  }
}
