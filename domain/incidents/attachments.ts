// Files attached to incidents: stored under the rules of shared/fileStorage.ts (random key, size
// limit 413, allowed types checked against the file's first bytes 415), with a quota per incident
// (files: 409, bytes: 413); served back only to those who may see the incident, as downloads with safe headers.
// Public files the requester sees; internal ones only the staff who work the incident, as
// with comments (access/levels.ts).
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { attachment, attachmentsSeen, attachmentTotals, insertAttachment } from './attachmentRepository';
import { audit } from '../shared/audit';
import { DomainError, forbidden, notFound } from '../shared/errors';
import { recordEvent } from '../shared/events';
import { mayContribute, seesInternal } from '../access/levels';
import type { Actor } from '../access/identity';
import { itemsSeen, type IncidentService } from './incidents';
import type { IncidentView } from './incidentView';
import { UUID } from '../shared/validation';
import { ALLOWED_TYPES, FileStorage, type IncomingFile } from '../shared/fileStorage';

/** The upload's query: whether staff make the file public (requesters' files always are). */
export const attachmentQuerySchema = z
  .object({
    public: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('staff: show the file to the requester (default: internal)'),
  })
  .strict();

/** A file attached to an incident as the API returns it (the document's Attachment). */
export const attachmentViewSchema = z.object({
  id: z.string().uuid(),
  incidentId: z.string().uuid(),
  uploaderId: z.string(),
  fileName: z.string(),
  contentType: z.enum(ALLOWED_TYPES as [string, ...string[]]),
  size: z.number().int(),
  sha256: z.string(),
  public: z.boolean().describe('shown to the requester; internal files only to the staff who work the incident'),
  createdAt: z.string().datetime(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

/** What one incident may hold, whoever uploads (ATTACHMENT_QUOTA_FILES, ATTACHMENT_QUOTA_BYTES). */
export interface AttachmentQuota {
  files: number;
  bytes: number;
}
const QUOTA_PROBLEM = 'urn:incident-desk:problem:attachment-quota';
const quotaFiles = (quota: AttachmentQuota) =>
  new DomainError(
    409,
    'Conflict',
    `the incident holds its quota of ${quota.files} files`,
    [{ field: 'file', message: `at most ${quota.files} files per incident` }],
    QUOTA_PROBLEM,
  );
const quotaBytes = (quota: AttachmentQuota, used: number) =>
  new DomainError(
    413,
    'Payload Too Large',
    `the incident's files would exceed its quota of ${quota.bytes} bytes (${used} used)`,
    [{ field: 'file', message: `at most ${quota.bytes - used} more bytes on this incident` }],
    QUOTA_PROBLEM,
  );
const view = (a: { createdAt: Date } & Omit<AttachmentView, 'createdAt'>): AttachmentView => ({
  id: a.id,
  incidentId: a.incidentId,
  uploaderId: a.uploaderId,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  sha256: a.sha256,
  public: a.public,
  createdAt: a.createdAt.toISOString(),
});

export class AttachmentService {
  /** The storage and its rules, shared with the chat's files (chat/files.ts). */
  readonly files: FileStorage;

  constructor(
    private readonly db: Database,
    private readonly incidents: IncidentService,
    root: string,
    maxBytes: number,
    private readonly quota: AttachmentQuota,
  ) {
    this.files = new FileStorage(root, maxBytes);
  }

  async list(actor: Actor, incidentId: string): Promise<AttachmentView[]> {
    const incident = await this.incidents.get(actor, incidentId);
    return (await attachmentsSeen(this.db, itemsSeen(incident))).map(view);
  }

  /**
   * Why a file of this type and size would be refused by storeFor, or null: the channel intake
   * asks before it files a request, so a mail with a file over the limit is held, not half taken.
   */
  refusal(contentType: string, size: number): string | null {
    return this.files.refusal(contentType, size);
  }

  /** Checks access before the upload is read: the caller streams the file only if this passes. */
  async incidentFor(actor: Actor, incidentId: string) {
    const incident = await this.incidents.get(actor, incidentId);
    if (!mayContribute(incident.access)) throw forbidden('you may follow this incident; its requester and the staff who work it add files');
    return incident;
  }

  /**
   * Stores a file on the incident incidentFor returned; `asPublic` is the staff's choice
   * (internal by default), a requester's files are always public.
   */
  async store(actor: Actor, incident: IncidentView, file: IncomingFile, asPublic?: boolean): Promise<AttachmentView> {
    const isPublic = seesInternal(incident.access) ? (asPublic ?? false) : true;
    return this.storeFor(actor.id, incident, file, isPublic);
  }

  /**
   * Stores a file under the same rules (types, size, quota) for an uploader the caller has
   * identified: store() for people signed in, the channel intake (domain/intake) for a file a
   * client mailed in, public as theirs always are; the sync (domain/sync) for a file carried
   * from another ticket system, whose id there `within` records in the same transaction, so a
   * retry never adds it twice.
   */
  async storeFor(
    uploaderId: string,
    incident: { id: string; requestId: string },
    file: IncomingFile,
    isPublic: boolean,
    within?: (trx: Database, attachmentId: string) => Promise<unknown>,
  ): Promise<AttachmentView> {
    // Checked before the file is read, and again under a lock when its row is written.
    const used = await attachmentTotals(this.db, incident.id);
    if (used.files >= this.quota.files) {
      file.stream.resume();
      throw quotaFiles(this.quota);
    }
    const quota = this.quota;
    const written = await this.files.write(file, { bytes: quota.bytes - used.bytes, exceeded: () => quotaBytes(quota, used.bytes) });
    const { key, fileName, contentType, size, sha256 } = written;
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const now = await attachmentTotals(trx, incident.id, true);
        if (now.files >= quota.files) throw quotaFiles(quota);
        if (now.bytes + size > quota.bytes) throw quotaBytes(quota, now.bytes);
        const a = await insertAttachment(trx, {
          incidentId: incident.id,
          uploaderId,
          fileName,
          contentType,
          size,
          sha256,
          storageKey: key,
          public: isPublic,
        });
        await audit(trx, {
          entityType: 'incident',
          entityId: incident.id,
          incidentId: incident.id,
          actorId: uploaderId,
          action: 'attachment.added',
          after: { attachmentId: a.id, fileName, size, public: isPublic },
        });
        await recordEvent(trx, { type: 'attachment.added', requestId: incident.requestId, incidentId: incident.id, actorId: uploaderId, discriminator: a.id });
        if (within) await within(trx, a.id);
        return a;
      });
      return view(row);
    } catch (error) {
      this.files.discard(key);
      throw error;
    }
  }

  /** The stored file for download, if the actor may see its incident (404 otherwise). */
  async content(actor: Actor, id: string): Promise<{ attachment: AttachmentView; file: string }> {
    const row = UUID.test(id) ? await attachment(this.db, id) : null;
    if (!row) throw notFound('attachment');
    const incident = await this.incidents.get(actor, row.incidentId).catch(() => {
      throw notFound('attachment');
    });
    if (!row.public && !seesInternal(incident.access)) throw notFound('attachment');
    return { attachment: view(row), file: this.files.path(row.storageKey) };
  }
}
