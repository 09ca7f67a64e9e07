// The one interface every outside ticket system implements for the sync (docs/sync.md, "Adding
// a connector"): Request Tracker 5 over REST2 (rtConnector.ts) and Redmine 5 over its REST API
// (redmineConnector.ts) today; Jira, GLPI or ServiceNow follow the same shape.
//
// A connector speaks the other system's vocabulary only: statuses, priorities, queues or
// projects and people are its own names ("open", "Normal", "it", a login). Translating them to
// ours is the mapping tables' job (mapping.ts), never a connector's. It keeps no state: the
// links between our requests and its tickets and the cursors live in our database.

/** A ticket as the other system holds it, in its own words. */
export interface RemoteTicket {
  /** Its id there ("42"): what the SyncLink row keeps beside our request's id. */
  remoteId: string;
  subject: string;
  /** The text the ticket was opened with. RT keeps it as the first transaction and cannot change it. */
  description: string;
  /** Its status name there: RT "open", Redmine "In Progress". */
  status: string;
  /** Its priority there: RT a number "0".."100", Redmine a name ("Normal"). */
  priority: string;
  /** RT queue name or Redmine project identifier. */
  queue: string;
  /** The assignee's login there, null when nobody. */
  assignee: string | null;
  /** The requester's e-mail address (RT requestor; Redmine the author's mail when it is visible). */
  requester: string | null;
  /** Due date (ISO date-time), ours owns it (docs/sync.md). */
  dueAt: string | null;
  /** When the ticket last changed there (ISO, second precision). */
  updatedAt: string;
  /**
   * When the ticket was made there (ISO, second precision), null when the system does not say.
   * A ticket made after our link to its id is another ticket under a reused id (apply.ts).
   */
  createdAt: string | null;
  /** Who changed it last there (login), where the system says so; the sync's own login is an echo. */
  updatedBy: string | null;
  /** Closed, rejected or resolved there: a status whose meaning is "done". */
  closed: boolean;
  /** Deleted there (RT status "deleted"; Redmine answers 404 and getTicket gives null instead). */
  deleted: boolean;
  /** Redmine's tracker name ("Bug"); RT has none (absent). */
  tracker?: string | null;
  /** The ticket's custom fields that have a value, by their name there (RT CustomFields, Redmine custom_fields). */
  customFields?: Record<string, string>;
}

/** The fields we send; an absent field is left as it is there. */
export interface TicketInput {
  subject?: string;
  /** Only used when the ticket is made (RT cannot edit it afterwards). */
  description?: string;
  status?: string;
  priority?: string;
  queue?: string;
  assignee?: string | null;
  requester?: string | null;
  dueAt?: string | null;
  /** Redmine's tracker by name; absent: the project's default tracker. RT has none. */
  tracker?: string;
  /** Custom fields by their name there; each must exist there (customFieldNames). */
  customFields?: Record<string, string>;
}

export interface RemoteComment {
  remoteId: string;
  body: string;
  /** Public (RT correspondence, Redmine note) or internal (RT comment, Redmine private note). */
  public: boolean;
  author: string | null;
  createdAt: string;
}

/** A file on a ticket there, in its words. */
export interface RemoteAttachment {
  /** Its id there (RT attachment id, Redmine attachment id): what SyncAttachment keeps. */
  remoteId: string;
  fileName: string;
  size: number;
  contentType: string;
  /** Who attached it (RT user name; Redmine's display name): the sync's own login is an echo. */
  author: string | null;
}

export interface ChangePage {
  /** Tickets changed at or after the cursor, oldest change first. */
  tickets: RemoteTicket[];
  /** The cursor to ask with next time: the newest change time seen (ISO), or the one given. */
  cursor: string;
}

export interface SyncConnector {
  /** "rt" or "redmine": the SyncLink's and SyncMapping's system column. */
  readonly system: string;
  /** The sync's own login there: a change made by it is our own write coming back (an echo). */
  readonly ownLogin: string;
  /**
   * Tickets changed since `cursor` (ISO; null: from the beginning), at most `limit`, oldest change
   * first. At-or-after, so a change in the cursor's own second is seen again rather than lost:
   * the caller's upsert is idempotent.
   */
  changesSince(cursor: string | null, limit: number): Promise<ChangePage>;
  /** The ticket now, or null when it is gone (deleted, or never was). */
  getTicket(remoteId: string): Promise<RemoteTicket | null>;
  /** Makes a ticket (remoteId null) or changes one; answers it as it is after the write. */
  upsertTicket(remoteId: string | null, input: TicketInput): Promise<RemoteTicket>;
  /** Public and internal comments, oldest first (the ticket's opening text is not one). */
  listComments(remoteId: string): Promise<RemoteComment[]>;
  addComment(remoteId: string, comment: { body: string; public: boolean }): Promise<void>;
  /** Attaches a file; answers its id there, which the sync keeps so the file never comes back as theirs. */
  uploadAttachment(remoteId: string, file: { fileName: string; contentType: string; content: Buffer }): Promise<string>;
  /** The ticket's files, oldest first (RT: only parts with a file name, not the mails' text). */
  listAttachments(remoteId: string): Promise<RemoteAttachment[]>;
  /** One file's bytes. */
  downloadAttachment(attachment: RemoteAttachment): Promise<Buffer>;
  /** The names of the ticket custom fields the system has (any queue or project). */
  customFieldNames(): Promise<string[]>;
  /** The ticket's address for people (the admin page links it). */
  ticketUrl(remoteId: string): string;
}

/**
 * The other side cannot be reached or failed (network error, timeout, 5xx, 408, 429): retried
 * with backoff until it is back; nothing is held or lost meanwhile.
 */
export class SyncUnavailable extends Error {
  override readonly name = 'SyncUnavailable';
}

/** The other side refused what we sent (4xx): retrying cannot help; the item is held with this reason. */
export class SyncRejected extends Error {
  override readonly name = 'SyncRejected';
}
