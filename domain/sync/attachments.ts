// Files both ways (docs/sync.md, "Attachments"). Theirs come in under our own rules (the
// incident attachments' types, size limit and quota, incidents/attachments.ts), each once: its
// id there is recorded in the transaction that stores it. Ours go out once, their id there
// recorded at once. Either record makes the file known on both sides, so it is neither doubled
// nor sent back as the other side's. A file of theirs our rules refuse (over ATTACHMENT_MAX_BYTES,
// a type we do not take, the incident's quota) is held with the reason; the rest of the ticket
// goes on.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Database } from '../../infra/db';
import type { AttachmentService } from '../incidents/attachments';
import { DomainError } from '../shared/errors';
import type { RemoteAttachment, SyncConnector } from './connector';
import { holdRow } from './repository';
import { attachmentCarried, attachmentToSend, recordCarriedAttachment, remoteOfAttachment, sameFileOn } from './attachmentRepository';

/** What the sync needs of our files: the rules (refusal, storeFor) and where a stored file is. */
export type SyncFilePorts = Pick<AttachmentService, 'refusal' | 'storeFor'>;

/** Their files not carried yet (not ours coming back), oldest first. */
export async function filesToCarry(db: Database, connector: SyncConnector, remoteId: string): Promise<RemoteAttachment[]> {
  const out: RemoteAttachment[] = [];
  for (const a of await connector.listAttachments(remoteId)) {
    if (a.author === connector.ownLogin || (await attachmentCarried(db, connector.system, a.remoteId))) continue;
    out.push(a);
  }
  return out;
}

/**
 * Adds their files to the incident, internal (neither system's listing says whether a file was
 * meant for the requester: the staff make it public), uploaded by `<system>:<their author>`.
 */
export async function carryFilesIn(
  db: Database,
  ports: SyncFilePorts,
  connector: SyncConnector,
  remoteId: string,
  incident: { id: string; requestId: string },
  files: RemoteAttachment[],
): Promise<void> {
  const system = connector.system;
  const hold = (a: RemoteAttachment, why: string) =>
    holdRow(db, { system, remoteId, kind: 'attachment', value: a.remoteId, reason: `file "${a.fileName}" (${a.size} bytes) not taken: ${why}`.slice(0, 500) });
  for (const a of files) {
    // Asked before the download: a file over our limit is not fetched at all.
    const refusal = ports.refusal(a.contentType, a.size);
    if (refusal) {
      await hold(a, refusal);
      continue;
    }
    const content = await connector.downloadAttachment(a);
    const record = (trx: Database, attachmentId: string) => recordCarriedAttachment(trx, { system, remoteId, remoteAttachmentId: a.remoteId, attachmentId });
    // Stored before a crash lost its record (or ours sent there, recorded a moment after
    // its upload): the same name and content on the incident is that file.
    const same = await sameFileOn(db, incident.id, a.fileName, createHash('sha256').update(content).digest('hex'));
    if (same) {
      await record(db, same.id);
      continue;
    }
    try {
      await ports.storeFor(
        `${system}:${a.author ?? 'unknown'}`,
        incident,
        { fileName: a.fileName, contentType: a.contentType, stream: Readable.from([content]) },
        false,
        record,
      );
    } catch (error) {
      if (!(error instanceof DomainError && error.status < 500)) throw error;
      await hold(a, error.message);
    }
  }
}

/**
 * Sends one of our files (the outbox's attachment.added) to the linked ticket, once. One there
 * with its name and size that no record names is ours sent before a crash lost the record: it
 * is recorded, not sent again. Answers whether the ticket was written.
 */
export async function sendFileOut(
  db: Database,
  connector: SyncConnector,
  filePath: (storageKey: string) => string,
  remoteId: string,
  attachmentId: string,
): Promise<boolean> {
  const system = connector.system;
  if (await remoteOfAttachment(db, system, attachmentId)) return false;
  const a = await attachmentToSend(db, attachmentId);
  if (!a) return false;
  let sent: string | null = null;
  for (const t of await connector.listAttachments(remoteId)) {
    if (t.fileName === a.fileName && t.size === a.size && !(await attachmentCarried(db, system, t.remoteId))) sent = t.remoteId;
  }
  const remoteAttachmentId =
    sent ??
    (await connector.uploadAttachment(remoteId, { fileName: a.fileName, contentType: a.contentType, content: fs.readFileSync(filePath(a.storageKey)) }));
  await recordCarriedAttachment(db, { system, remoteId, remoteAttachmentId, attachmentId });
  return sent === null;
}
