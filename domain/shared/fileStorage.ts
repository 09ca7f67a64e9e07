// Files people send, kept on disk: an incident's attachments (incidents/attachments.ts) and the
// files of chat messages (chat/files.ts) follow these rules, written once here. A file is
// streamed to disk under a random key (never the sender's name), refused past the size limit
// (413, ATTACHMENT_MAX_BYTES) and unless its type is on the list and its first bytes match it
// (415); a refused or failed file leaves nothing on disk.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { DomainError } from './errors';

/** Allowed types, with the magic bytes their content must start with (null: text, not checked). */
const TYPES: Record<string, Buffer[] | null> = {
  'image/png': [Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  'image/jpeg': [Buffer.from([0xff, 0xd8, 0xff])],
  'image/gif': [Buffer.from('GIF8')],
  'image/webp': [Buffer.from('RIFF')],
  'application/pdf': [Buffer.from('%PDF')],
  'text/plain': null,
  'text/csv': null,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [Buffer.from('PK')],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [Buffer.from('PK')],
  'application/msword': [Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
  'application/vnd.ms-excel': [Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
};
export const ALLOWED_TYPES = Object.keys(TYPES);

export interface IncomingFile {
  fileName: string;
  contentType: string;
  stream: Readable;
}

/** A file written to disk, not yet recorded: its row is the caller's (discard it if that fails). */
export interface WrittenFile {
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A further cap while the file streams (an incident's byte quota): bytes left, and its error. */
export interface ByteBudget {
  bytes: number;
  exceeded: () => DomainError;
}

const baseType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();
const typeRefused = (contentType: string) => `files of type ${contentType} are not accepted; allowed: ${ALLOWED_TYPES.join(', ')}`;
const sizeRefused = (max: number) => `the file is larger than ${max} bytes`;
const tooLarge = (max: number) => new DomainError(413, 'Payload Too Large', sizeRefused(max), [{ field: 'file', message: `at most ${max} bytes` }]);
const unsupported = (detail: string) => new DomainError(415, 'Unsupported Media Type', detail, [{ field: 'file', message: detail }]);

export class FileStorage {
  constructor(
    private readonly root: string,
    readonly maxBytes: number,
  ) {}

  /** Why a file of this type and size would be refused by write, or null (the channel intake asks before it files). */
  refusal(contentType: string, size: number): string | null {
    return this.refused(contentType, size)?.message ?? null;
  }

  /** Throws what write would for this type and size, before a byte is fetched (a Telegram file: chat/files.ts). */
  check(contentType: string, size: number): void {
    const error = this.refused(contentType, size);
    if (error) throw error;
  }

  private refused(contentType: string, size: number): DomainError | null {
    if (!(baseType(contentType) in TYPES)) return unsupported(typeRefused(baseType(contentType)));
    return size > this.maxBytes ? tooLarge(this.maxBytes) : null;
  }

  /** Where a stored file's bytes are. */
  path(key: string): string {
    return path.join(this.root, key);
  }

  /** Removes a written file whose row was not stored (a refusal or failure after write). */
  discard(key: string): void {
    fs.rmSync(this.path(key), { force: true });
  }

  /** Streams the file to disk under the rules; on any refusal nothing stays and the rest of the upload is drained. */
  async write(file: IncomingFile, budget?: ByteBudget): Promise<WrittenFile> {
    const contentType = baseType(file.contentType);
    if (!(contentType in TYPES)) {
      file.stream.resume();
      throw unsupported(typeRefused(contentType));
    }
    const fileName = path.basename(file.fileName || 'file').slice(0, 200) || 'file';
    fs.mkdirSync(this.root, { recursive: true });
    const key = randomBytes(18).toString('base64url');
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const max = this.maxBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max) return done(tooLarge(max));
        if (budget && size > budget.bytes) return done(budget.exceeded());
        if (head.length < 8) head = Buffer.concat([head, chunk]).subarray(0, 8);
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(file.stream, meter, fs.createWriteStream(this.path(key), { flags: 'wx', mode: 0o600 }));
      const magic = TYPES[contentType];
      if (magic && !magic.some((m) => head.subarray(0, m.length).equals(m))) throw unsupported(`the content is not ${contentType}`);
      if (size === 0) throw new DomainError(400, 'Bad Request', 'the file is empty', [{ field: 'file', message: 'empty' }]);
      return { key, fileName, contentType, size, sha256: hash.digest('hex') };
    } catch (error) {
      this.discard(key);
      file.stream.resume(); // drain what is left so the connection can answer
      throw error;
    }
  }
}
