// An incident's timeline: the workflow's transitions, the audit trail, comments, attachments
// and notification attempts, in time order. Who is not staff on the incident (its requester,
// an observer) sees no internal comments or files and only the notifications sent to them.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { TIME_AUDIT_ACTIONS } from './timeEntries';
import { itemsSeen, notificationsSeen, type IncidentService } from './incidents';
import { employeesByIds } from '../shared/staffRepository';
import { attachmentsSeen, auditEntriesOf, callsOfRequest, commentsSeen, notificationAttemptsSeen, transitionsOf } from './timelineRepository';

/** One line of the timeline as the API returns it (the document's TimelineEntry). */
export const timelineEntrySchema = z.object({
  at: z.string().datetime(),
  kind: z.enum(['transition', 'audit', 'comment', 'attachment', 'notification', 'call']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** transition: the action; audit: what changed; comment: public/internal; notification: outcome; call: the caller and state, detail its times and recording. */
  title: z.string(),
  detail: z.string().nullable(),
  public: z.boolean().optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export async function incidentTimeline(db: Database, incidents: IncidentService, actor: Actor, incidentId: string): Promise<TimelineEntry[]> {
  const incident = await incidents.get(actor, incidentId);
  const [transitions, audits, comments, attachments, notifications, calls] = await Promise.all([
    transitionsOf(db, incident.id),
    // Time spent is the staff's, like internal notes.
    auditEntriesOf(db, incident.id, ['comment.added', 'attachment.added', ...(incident.access === 'staff' ? [] : TIME_AUDIT_ACTIONS)]),
    commentsSeen(db, itemsSeen(incident)),
    attachmentsSeen(db, itemsSeen(incident)),
    notificationAttemptsSeen(db, notificationsSeen(actor, incident)),
    // Calls (numbers, recordings) are the staff's, like internal notes.
    incident.access === 'staff' ? callsOfRequest(db, incident.requestId) : [],
  ]);
  const entries: (Omit<TimelineEntry, 'actorName'> & { sort: number })[] = [
    ...transitions.map((t) => ({
      at: t.createdAt.toISOString(),
      sort: t.createdAt.getTime(),
      kind: 'transition' as const,
      actorId: t.actorId,
      title: t.action,
      detail: `${t.fromStatus} → ${t.toStatus}`,
    })),
    ...audits.map((a) => ({
      at: a.createdAt.toISOString(),
      sort: a.createdAt.getTime(),
      kind: 'audit' as const,
      actorId: a.actorId,
      title: a.field ? `${a.action}: ${a.field}` : a.action,
      detail: a.before !== null || a.after !== null ? `${JSON.stringify(a.before)} → ${JSON.stringify(a.after)}` : null,
    })),
    ...comments.map((c) => ({
      at: c.createdAt.toISOString(),
      sort: c.createdAt.getTime(),
      kind: 'comment' as const,
      actorId: c.authorId,
      title: c.public ? 'public' : 'internal',
      detail: c.body,
      public: c.public,
    })),
    ...attachments.map((a) => ({
      at: a.createdAt.toISOString(),
      sort: a.createdAt.getTime(),
      kind: 'attachment' as const,
      actorId: a.uploaderId,
      title: a.fileName,
      detail: `${a.size} B`,
    })),
    ...notifications.map((n) => ({
      at: n.createdAt.toISOString(),
      sort: n.createdAt.getTime(),
      kind: 'notification' as const,
      actorId: null,
      title: `${n.template} → ${n.recipient}`,
      detail: notificationDetail(n),
    })),
    ...calls.map((c) => ({
      at: c.startedAt.toISOString(),
      sort: c.startedAt.getTime(),
      kind: 'call' as const,
      actorId: c.operatorId,
      title: `${c.callerNumber}: ${c.state.toLowerCase()}`,
      detail: [
        `start ${c.startedAt.toISOString()}`,
        c.answeredAt && `answer ${c.answeredAt.toISOString()}`,
        c.endedAt && `end ${c.endedAt.toISOString()}`,
        c.recordingUrl && `recording ${c.recordingUrl}`,
      ]
        .filter(Boolean)
        .join(', '),
    })),
  ].sort((a, b) => a.sort - b.sort);
  const ids = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => !!id))];
  const names = new Map((await employeesByIds(db, ids)).map((e) => [e.id, e.fullName || e.username]));
  return entries.map(({ sort: _sort, ...e }) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? null) : null }));
}

/** A notification line's detail: the subject when sent (with the channel's id), else the outcome and why. */
function notificationDetail(n: { outcome: string; subject: string; error: string | null; reference: string | null }): string {
  const ref = n.reference ? ` [${n.reference}]` : '';
  if (n.outcome === 'sent') return `${n.subject}${ref}`;
  return `${n.outcome}${ref}${n.error ? `: ${n.error}` : ''}`;
}
