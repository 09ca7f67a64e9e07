// Redmine 5 over its REST API (/issues.json, "X-Redmine-API-Key"), tried against Debian's
// redmine 5.0.4 (scripts/sync-stack.sh). Its words: status and priority names ("In Progress",
// "Normal"), projects by identifier, people by login. Redmine says nothing of who changed an
// issue last in the issue itself, so echoes are told by the version (updated_on) the sync wrote.
import { type ChangePage, type RemoteAttachment, type RemoteComment, type RemoteTicket, type SyncConnector, type TicketInput, SyncRejected } from './connector';
import { callBytes, callJson, type HttpCall } from './http';

interface Named {
  id: number;
  name: string;
  is_closed?: boolean;
}
interface RmJournal {
  id: number;
  notes?: string;
  private_notes?: boolean;
  user?: Named;
  created_on?: string;
  /** What the change did: { property: 'attr', name: 'description', new_value } for an edit of the text. */
  details?: { property?: string; name?: string; new_value?: string | null }[];
}
interface RmIssue {
  id: number;
  subject?: string;
  description?: string | null;
  status?: Named;
  priority?: Named;
  project?: Named;
  tracker?: Named;
  custom_fields?: { id: number; name: string; value?: string | string[] | null }[];
  assigned_to?: Named;
  due_date?: string | null;
  updated_on?: string;
  created_on?: string;
  closed_on?: string | null;
  journals?: RmJournal[];
  attachments?: { id: number; filename: string; filesize: number; content_type?: string; author?: Named }[];
}

/** How long the issue custom fields read once serve: one issue's making, not an admin's later change. */
const CUSTOM_FIELDS_FRESH_MS = 10_000;

export class RedmineConnector implements SyncConnector {
  readonly system = 'redmine';
  readonly ownLogin = 'sync';
  private statuses: Named[] | null = null;
  private priorities: Named[] | null = null;
  private trackers: Named[] | null = null;
  private projects = new Map<number, string>();
  private customFields: { at: number; fields: Promise<Named[]> } | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    /** One call's limit: a side that does not answer within it counts as away. */
    private readonly timeoutMs = 15_000,
  ) {
    if (!baseUrl || !apiKey) throw new Error('REDMINE_URL and REDMINE_API_KEY are required for the Redmine connector');
  }

  private call(path: string, call: HttpCall = {}): Promise<unknown> {
    return callJson(`${this.baseUrl}/${path}`, { 'x-redmine-api-key': this.apiKey }, call, this.timeoutMs);
  }

  ticketUrl(remoteId: string): string {
    return `${this.baseUrl}/issues/${encodeURIComponent(remoteId)}`;
  }

  private async statusList(): Promise<Named[]> {
    this.statuses ??= ((await this.call('issue_statuses.json')) as { issue_statuses: Named[] }).issue_statuses;
    return this.statuses;
  }

  private async priorityList(): Promise<Named[]> {
    this.priorities ??= ((await this.call('enumerations/issue_priorities.json')) as { issue_priorities: Named[] }).issue_priorities;
    return this.priorities;
  }

  private async trackerList(): Promise<Named[]> {
    this.trackers ??= ((await this.call('trackers.json')) as { trackers: Named[] }).trackers;
    return this.trackers;
  }

  /**
   * Issue custom fields (GET /custom_fields.json needs an admin: the sync user is one). Kept for
   * CUSTOM_FIELDS_FRESH_MS, not for the process's life: admins add fields. Making an issue read
   * them twice, for the names (fields.ts, fieldsOut) and then for their ids (fields below).
   */
  private async issueCustomFields(): Promise<Named[]> {
    if (!this.customFields || Date.now() - this.customFields.at > CUSTOM_FIELDS_FRESH_MS) {
      const read = this.call('custom_fields.json').then((r) =>
        (r as { custom_fields: (Named & { customized_type?: string })[] }).custom_fields.filter((f) => f.customized_type === 'issue'),
      );
      const entry = { at: Date.now(), fields: read };
      this.customFields = entry;
      // A failed read is not kept: the next call asks again.
      read.catch(() => {
        if (this.customFields === entry) this.customFields = null;
      });
    }
    return this.customFields.fields;
  }

  async customFieldNames(): Promise<string[]> {
    return (await this.issueCustomFields()).map((f) => f.name);
  }

  private async projectIdentifier(project: Named | undefined): Promise<string> {
    if (!project) return '';
    if (!this.projects.has(project.id)) {
      const p = (await this.call(`projects/${project.id}.json`)) as { project: { identifier: string } };
      this.projects.set(project.id, p.project.identifier);
    }
    return this.projects.get(project.id)!;
  }

  private async byName(list: Named[], name: string, what: string): Promise<number> {
    const found = list.find((n) => n.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new SyncRejected(`Redmine has no ${what} "${name}"`);
    return Promise.resolve(found.id);
  }

  private async userId(login: string): Promise<number> {
    const users = (await this.call(`users.json?name=${encodeURIComponent(login)}`)) as { users: { id: number; login: string }[] };
    const user = users.users.find((u) => u.login === login);
    if (!user) throw new SyncRejected(`Redmine has no user "${login}"`);
    return user.id;
  }

  private async userLogin(user: Named | undefined): Promise<string | null> {
    if (!user) return null;
    const found = (await this.call(`users/${user.id}.json`, { absentIsNull: true })) as { user: { login: string } } | null;
    return found?.user.login ?? null;
  }

  private async toTicket(i: RmIssue): Promise<RemoteTicket> {
    const statuses = await this.statusList();
    const closed = statuses.find((s) => s.id === i.status?.id)?.is_closed ?? false;
    return {
      remoteId: String(i.id),
      subject: i.subject ?? '',
      description: i.description ?? '',
      status: i.status?.name ?? '',
      priority: i.priority?.name ?? '',
      queue: await this.projectIdentifier(i.project),
      assignee: await this.userLogin(i.assigned_to),
      requester: null,
      dueAt: i.due_date ? `${i.due_date}T00:00:00Z` : null,
      updatedAt: i.updated_on ?? '1970-01-01T00:00:00Z',
      createdAt: i.created_on ?? null,
      updatedBy: null,
      closed,
      deleted: false,
      tracker: i.tracker?.name ?? null,
      customFields: Object.fromEntries(
        (i.custom_fields ?? []).flatMap((f) => {
          const value = Array.isArray(f.value) ? f.value[0] : f.value;
          return value ? [[f.name, value]] : [];
        }),
      ),
    };
  }

  async changesSince(cursor: string | null, limit: number): Promise<ChangePage> {
    const since = (cursor ?? '1970-01-01T00:00:00Z').replace(/\.\d+Z$/, 'Z');
    const page = (await this.call(`issues.json?status_id=*&sort=updated_on&limit=${limit}&updated_on=${encodeURIComponent(`>=${since}`)}`)) as {
      issues: RmIssue[];
    };
    const tickets: RemoteTicket[] = [];
    for (const i of page.issues) tickets.push(await this.toTicket(i));
    return { tickets, cursor: tickets.at(-1)?.updatedAt ?? cursor ?? since };
  }

  private async issue(remoteId: string, include = ''): Promise<RmIssue | null> {
    const found = (await this.call(`issues/${encodeURIComponent(remoteId)}.json${include ? `?include=${include}` : ''}`, { absentIsNull: true })) as {
      issue: RmIssue;
    } | null;
    return found?.issue ?? null;
  }

  async getTicket(remoteId: string): Promise<RemoteTicket | null> {
    const i = await this.issue(remoteId);
    return i ? this.toTicket(i) : null;
  }

  private async fields(input: TicketInput): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    if (input.subject !== undefined) out.subject = input.subject;
    if (input.description !== undefined) out.description = input.description;
    if (input.status !== undefined) out.status_id = await this.byName(await this.statusList(), input.status, 'status');
    if (input.priority !== undefined) out.priority_id = await this.byName(await this.priorityList(), input.priority, 'priority');
    if (input.queue !== undefined) out.project_id = input.queue;
    if (input.assignee !== undefined) out.assigned_to_id = input.assignee ? await this.userId(input.assignee) : '';
    if (input.dueAt !== undefined) out.due_date = input.dueAt ? input.dueAt.slice(0, 10) : '';
    if (input.tracker !== undefined) out.tracker_id = await this.byName(await this.trackerList(), input.tracker, 'tracker');
    if (input.customFields && Object.keys(input.customFields).length > 0) {
      const known = await this.issueCustomFields();
      const ids = await Promise.all(
        Object.entries(input.customFields).map(async ([name, value]) => ({ id: await this.byName(known, name, 'custom field'), value })),
      );
      out.custom_fields = ids;
    }
    return out;
  }

  async upsertTicket(remoteId: string | null, input: TicketInput): Promise<RemoteTicket> {
    const fields = await this.fields(input);
    if (remoteId === null) {
      const made = (await this.call('issues.json', { method: 'POST', json: { issue: fields } })) as { issue?: RmIssue };
      if (!made.issue) throw new SyncRejected('Redmine made no issue');
      remoteId = String(made.issue.id);
    } else if (Object.keys(fields).length > 0) {
      await this.call(`issues/${encodeURIComponent(remoteId)}.json`, { method: 'PUT', json: { issue: fields } });
    }
    const now = await this.getTicket(remoteId);
    if (!now) throw new SyncRejected(`Redmine issue ${remoteId} is gone`);
    return now;
  }

  async listComments(remoteId: string): Promise<RemoteComment[]> {
    const i = await this.issue(remoteId, 'journals');
    return (i?.journals ?? []).flatMap(journalComments);
  }

  async addComment(remoteId: string, comment: { body: string; public: boolean }): Promise<void> {
    await this.call(`issues/${encodeURIComponent(remoteId)}.json`, { method: 'PUT', json: { issue: { notes: comment.body, private_notes: !comment.public } } });
  }

  async uploadAttachment(remoteId: string, file: { fileName: string; contentType: string; content: Buffer }): Promise<string> {
    const uploaded = (await this.call(`uploads.json?filename=${encodeURIComponent(file.fileName)}`, { method: 'POST', body: file.content })) as {
      upload?: { id?: number; token: string };
    };
    if (!uploaded.upload) throw new SyncRejected(`Redmine took no upload of ${file.fileName}`);
    await this.call(`issues/${encodeURIComponent(remoteId)}.json`, {
      method: 'PUT',
      json: { issue: { uploads: [{ token: uploaded.upload.token, filename: file.fileName, content_type: file.contentType }] } },
    });
    // The upload becomes the attachment: its id is the token's first part ("7.ed32…").
    return String(uploaded.upload.id ?? uploaded.upload.token.split('.')[0]);
  }

  async listAttachments(remoteId: string): Promise<RemoteAttachment[]> {
    const i = await this.issue(remoteId, 'attachments');
    return (i?.attachments ?? []).map((a) => ({
      remoteId: String(a.id),
      fileName: a.filename,
      size: a.filesize,
      contentType: a.content_type ?? 'application/octet-stream',
      author: a.author?.name ?? null,
    }));
  }

  async downloadAttachment(attachment: RemoteAttachment): Promise<Buffer> {
    // Not the answer's content_url: it carries the host Redmine's settings name, not ours.
    const url = `${this.baseUrl}/attachments/download/${encodeURIComponent(attachment.remoteId)}/${encodeURIComponent(attachment.fileName)}`;
    const bytes = await callBytes(url, { 'x-redmine-api-key': this.apiKey }, {}, this.timeoutMs);
    return bytes ?? Buffer.alloc(0);
  }
}

/**
 * A journal's note, and its edit of the description as an internal comment of its own (id
 * "<journal>:description"): our request keeps the text it was filed with, and the people working
 * it see what changed there (docs/sync.md, "Who owns each field").
 */
function journalComments(j: RmJournal): RemoteComment[] {
  const by = { author: j.user?.name ?? null, createdAt: j.created_on ?? '' };
  const note: RemoteComment[] = j.notes ? [{ remoteId: String(j.id), body: j.notes, public: !j.private_notes, ...by }] : [];
  const edit = (j.details ?? []).find((d) => d.property === 'attr' && d.name === 'description');
  if (!edit) return note;
  const text = edit.new_value?.trim() ? edit.new_value : '(empty)';
  return [...note, { remoteId: `${j.id}:description`, body: `Description changed in Redmine:\n\n${text}`, public: false, ...by }];
}
