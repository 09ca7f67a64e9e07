// Request Tracker 5 over REST2 (/REST/2.0, "Authorization: token <auth string>"), tried against
// Debian's request-tracker5 5.0.3 (scripts/sync-stack.sh). Its words: statuses new, open,
// stalled, resolved, rejected, deleted; priority 0..100; queues by name; people by user name.
import { type ChangePage, type RemoteAttachment, type RemoteComment, type RemoteTicket, type SyncConnector, type TicketInput, SyncRejected } from './connector';
import { callJson, type HttpCall } from './http';

/** RT's inactive statuses: a ticket in one of them is done there. */
const RT_DONE = new Set(['resolved', 'rejected', 'deleted']);
const TICKET_FIELDS = 'Subject,Status,Priority,Queue,Owner,Requestor,Due,Created,LastUpdated,LastUpdatedBy,CustomFields';

interface RtRef {
  id?: string;
  Name?: string;
}
interface RtTicket {
  id: string;
  Subject?: string;
  Status?: string;
  Priority?: string;
  Queue?: RtRef;
  Owner?: RtRef;
  Requestor?: RtRef[];
  Due?: string;
  Created?: string;
  LastUpdated?: string;
  LastUpdatedBy?: RtRef;
  CustomFields?: { name?: string; values?: string[] }[];
}
interface RtPage<T> {
  items?: T[];
  pages?: number;
  page?: number;
}
interface RtTransaction {
  id: string;
  Type?: string;
  Created?: string;
  Creator?: RtRef;
}
interface RtAttachment {
  id: string;
  Content?: string;
  ContentType?: string;
  Filename?: string;
  ContentLength?: string;
  Headers?: string;
  Creator?: RtRef;
  TransactionId?: RtRef | string;
}

/** RT's "not set" date. */
const UNSET = '1970-01-01T00:00:00Z';
/** RT takes and shows dates in the user's time zone; the sync user's is UTC (RT_SiteConfig). */
const rtDate = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');

export class RtConnector implements SyncConnector {
  readonly system = 'rt';
  readonly ownLogin = 'sync';

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** One call's limit: a side that does not answer within it counts as away. */
    private readonly timeoutMs = 15_000,
  ) {
    if (!baseUrl || !token) throw new Error('RT_URL and the RT token are required for the RT connector');
  }

  private call(path: string, call: HttpCall = {}): Promise<unknown> {
    return callJson(`${this.baseUrl}/REST/2.0/${path}`, { authorization: `token ${this.token}` }, call, this.timeoutMs);
  }

  ticketUrl(remoteId: string): string {
    return `${this.baseUrl}/Ticket/Display.html?id=${encodeURIComponent(remoteId)}`;
  }

  private toTicket(t: RtTicket, description: string): RemoteTicket {
    const status = t.Status ?? 'new';
    const owner = t.Owner?.id && t.Owner.id !== 'Nobody' ? t.Owner.id : null;
    return {
      remoteId: String(t.id),
      subject: t.Subject ?? '',
      description,
      status,
      priority: String(t.Priority ?? '0'),
      queue: t.Queue?.Name ?? t.Queue?.id ?? '',
      assignee: owner,
      requester: t.Requestor?.[0]?.id ?? null,
      dueAt: t.Due && t.Due !== UNSET ? t.Due : null,
      updatedAt: t.LastUpdated ?? UNSET,
      createdAt: t.Created && t.Created !== UNSET ? t.Created : null,
      updatedBy: t.LastUpdatedBy?.id ?? null,
      closed: RT_DONE.has(status),
      deleted: status === 'deleted',
      customFields: Object.fromEntries((t.CustomFields ?? []).filter((f) => f.name && f.values?.[0]).map((f) => [f.name!, f.values![0]!])),
    };
  }

  /** The opening text: the content of the ticket's Create transaction. */
  private async description(remoteId: string): Promise<string> {
    const history = (await this.call(`ticket/${remoteId}/history?fields=Type&per_page=1`)) as RtPage<RtTransaction>;
    const create = history.items?.find((t) => t.Type === 'Create');
    return create ? this.transactionText(create.id) : '';
  }

  /**
   * A transaction's text. One call gives every part's content; a transaction with files
   * (`hasFiles`) would bring them too (a file may be megabytes, and RT answers the 10 MB test
   * file in seconds), so there the parts are listed without content and only the text is read.
   */
  private async transactionText(transactionId: string, hasFiles = false): Promise<string> {
    if (hasFiles) {
      const parts = (await this.call(`transaction/${transactionId}/attachments?fields=ContentType,Filename`)) as RtPage<RtAttachment>;
      const text = parts.items?.find((a) => a.ContentType === 'text/plain' && !a.Filename);
      if (!text) return '';
      const part = (await this.call(`attachment/${text.id}`)) as RtAttachment;
      return Buffer.from(part.Content ?? '', 'base64')
        .toString('utf8')
        .trim();
    }
    const parts = (await this.call(`transaction/${transactionId}/attachments?fields=Content,ContentType,Filename`)) as RtPage<RtAttachment>;
    const text = parts.items?.find((a) => a.ContentType === 'text/plain' && !a.Filename && a.Content);
    // A collection with fields=Content gives the text as it is (GET attachment/:id gives base64).
    return text?.Content?.trim() ?? '';
  }

  /** The transactions that carry files (null: RT did not say, so every one is taken as carrying some). */
  private async transactionsWithFiles(remoteId: string): Promise<Set<string> | null> {
    const page = (await this.call(`ticket/${encodeURIComponent(remoteId)}/attachments?fields=Filename,TransactionId&per_page=100`)) as RtPage<RtAttachment>;
    const out = new Set<string>();
    for (const a of (page.items ?? []).filter((x) => x.Filename)) {
      const t = typeof a.TransactionId === 'object' ? a.TransactionId.id : a.TransactionId;
      if (t === undefined) return null;
      out.add(String(t));
    }
    return out;
  }

  async changesSince(cursor: string | null, limit: number): Promise<ChangePage> {
    const query = new URLSearchParams({
      query: `LastUpdated >= '${rtDate(cursor ?? UNSET)}'`,
      orderby: 'LastUpdated',
      order: 'ASC',
      per_page: String(limit),
      fields: TICKET_FIELDS,
      'fields[Queue]': 'Name',
    });
    const page = (await this.call(`tickets?${query.toString()}`)) as RtPage<RtTicket>;
    const tickets: RemoteTicket[] = [];
    for (const t of page.items ?? []) tickets.push(this.toTicket(t, await this.description(String(t.id))));
    return { tickets, cursor: tickets.at(-1)?.updatedAt ?? cursor ?? UNSET };
  }

  async getTicket(remoteId: string): Promise<RemoteTicket | null> {
    const t = (await this.call(`ticket/${encodeURIComponent(remoteId)}?fields=${TICKET_FIELDS}&fields[Queue]=Name`, { absentIsNull: true })) as RtTicket | null;
    if (!t) return null;
    return this.toTicket({ ...t, id: remoteId }, await this.description(remoteId));
  }

  private fields(input: TicketInput): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (input.subject !== undefined) out.Subject = input.subject;
    if (input.status !== undefined) out.Status = input.status;
    if (input.priority !== undefined) out.Priority = input.priority;
    if (input.queue !== undefined) out.Queue = input.queue;
    if (input.assignee !== undefined) out.Owner = input.assignee ?? 'Nobody';
    if (input.dueAt !== undefined) out.Due = input.dueAt ? rtDate(input.dueAt) : rtDate(UNSET);
    // REST2 takes custom fields by name; the sync writes only names customFieldNames answered.
    if (input.customFields && Object.keys(input.customFields).length > 0) out.CustomFields = input.customFields;
    return out;
  }

  async upsertTicket(remoteId: string | null, input: TicketInput): Promise<RemoteTicket> {
    if (remoteId === null) {
      const body = {
        ...this.fields(input),
        Content: input.description ?? '',
        ContentType: 'text/plain',
        ...(input.requester ? { Requestor: input.requester } : {}),
      };
      const made = (await this.call('ticket', { method: 'POST', json: body })) as { id?: string };
      if (!made.id) throw new SyncRejected('RT made no ticket');
      remoteId = String(made.id);
    } else {
      const fields = this.fields(input);
      // RT answers 200 with a list of messages, a refused field among them (e.g. "Status 'x' isn't a valid status").
      if (Object.keys(fields).length > 0) {
        const messages = (await this.call(`ticket/${encodeURIComponent(remoteId)}`, { method: 'PUT', json: fields })) as unknown;
        const refused = Array.isArray(messages)
          ? messages.filter((m) => typeof m === 'string' && /isn't a valid|not a valid|Could not|Permission denied|Illegal/i.test(m))
          : [];
        if (refused.length > 0) throw new SyncRejected(`RT refused ticket ${remoteId}: ${refused.join('; ')}`);
      }
    }
    const now = await this.getTicket(remoteId);
    if (!now) throw new SyncRejected(`RT ticket ${remoteId} is gone`);
    return now;
  }

  async customFieldNames(): Promise<string[]> {
    // A search (POST): a plain GET /customfields answers none in RT 5.0.3.
    const page = (await this.call('customfields?fields=Name,Disabled&per_page=100', {
      method: 'POST',
      json: [{ field: 'LookupType', value: 'RT::Queue-RT::Ticket' }],
    })) as RtPage<{ Name?: string; Disabled?: string }>;
    return (page.items ?? []).filter((f) => f.Disabled !== '1' && f.Name).map((f) => f.Name!);
  }

  async listComments(remoteId: string): Promise<RemoteComment[]> {
    const out: RemoteComment[] = [];
    const withFiles = await this.transactionsWithFiles(remoteId);
    for (let page = 1; ; page++) {
      const history = (await this.call(
        `ticket/${encodeURIComponent(remoteId)}/history?fields=Type,Created,Creator&per_page=100&page=${page}`,
      )) as RtPage<RtTransaction>;
      for (const t of history.items ?? []) {
        if (t.Type !== 'Comment' && t.Type !== 'Correspond') continue;
        out.push({
          remoteId: String(t.id),
          body: await this.transactionText(t.id, withFiles === null || withFiles.has(String(t.id))),
          public: t.Type === 'Correspond',
          author: t.Creator?.id ?? null,
          createdAt: t.Created ?? UNSET,
        });
      }
      if (!history.pages || page >= history.pages) return out;
    }
  }

  async addComment(remoteId: string, comment: { body: string; public: boolean }): Promise<void> {
    await this.call(`ticket/${encodeURIComponent(remoteId)}/${comment.public ? 'correspond' : 'comment'}`, {
      method: 'POST',
      json: { Content: comment.body, ContentType: 'text/plain' },
    });
  }

  async uploadAttachment(remoteId: string, file: { fileName: string; contentType: string; content: Buffer }): Promise<string> {
    // REST2 answers a comment with messages, not the attachment's id: it is the new file of
    // that name in the listing after the upload.
    const before = new Set((await this.listAttachments(remoteId)).map((a) => a.remoteId));
    // REST2 takes attachments with a comment: an internal one naming the file.
    await this.call(`ticket/${encodeURIComponent(remoteId)}/comment`, {
      method: 'POST',
      json: {
        Content: `Attachment: ${file.fileName}`,
        ContentType: 'text/plain',
        Attachments: [{ FileName: file.fileName, FileType: file.contentType, FileContent: file.content.toString('base64') }],
      },
    });
    const made = (await this.listAttachments(remoteId)).find((a) => !before.has(a.remoteId) && a.fileName === file.fileName);
    if (!made) throw new SyncRejected(`RT kept no file ${file.fileName} on ticket ${remoteId}`);
    return made.remoteId;
  }

  async listAttachments(remoteId: string): Promise<RemoteAttachment[]> {
    const page = (await this.call(
      `ticket/${encodeURIComponent(remoteId)}/attachments?fields=Filename,ContentLength,ContentType,Creator&per_page=100`,
    )) as RtPage<RtAttachment>;
    return (page.items ?? [])
      .filter((a) => a.Filename)
      .map((a) => ({
        remoteId: String(a.id),
        fileName: a.Filename!,
        size: Number(a.ContentLength ?? 0),
        contentType: a.ContentType ?? 'application/octet-stream',
        author: a.Creator?.id ?? null,
      }));
  }

  async downloadAttachment(attachment: RemoteAttachment): Promise<Buffer> {
    // GET attachment/:id gives the content base64-encoded (the collection gives text as it is).
    const a = (await this.call(`attachment/${encodeURIComponent(attachment.remoteId)}`)) as RtAttachment;
    return Buffer.from(a.Content ?? '', 'base64');
  }
}
