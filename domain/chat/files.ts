// Files in chat messages, both ways: a visitor's in the widget, an agent's in the inbox. The
// bytes follow the incident attachments' rules and storage (shared/fileStorage.ts: the same
// types, size limit and random keys); the message that carries the file is stored with its row
// in one transaction, so a refused file (type 415, size 413) or a refused message (closed 409,
// flood 429, someone else's conversation 404) leaves neither a row nor bytes on disk. Access is
// the conversation's (404 before a byte is read); downloads only for its visitor and the staff
// who may see it (domain/access, conversationVisible), anything else a 404. A channel's file (a
// photo or document a Telegram user sends in their conversation) takes the same rules: its type
// and size are checked from what the channel says before a byte is fetched, then the bytes are
// written and checked again as they come.
import type { Actor } from '../access/identity';
import type { Database } from '../../infra/db';
import type { Readable } from 'node:stream';
import type { FileStorage, IncomingFile, WrittenFile } from '../shared/fileStorage';
import { notFound } from '../shared/errors';
import { parseInput, UUID } from '../shared/validation';
import { messageView, type ChannelOutcome, type ChatService } from './conversations';
import { chatFileById, conversationSeen, messageByClientId, visitorConversation } from './repository';
import { fileMessageQuerySchema, type MessageView } from './views';
import type { Visitor } from './visitors';

/** Reads the upload into `store` (api/fileTransfer.ts receiveFile); null: a resend, its bytes drained. */
export type Receive = (store: (file: IncomingFile) => Promise<WrittenFile | null>) => Promise<WrittenFile | null>;
type Stored = { message: MessageView; created: boolean };

/** A file a channel announces (name, type and size as it says) and `open` fetches. */
export interface ChannelFile {
  fileName: string;
  contentType: string;
  size: number;
  open: () => Promise<Readable>;
}

/** A stored chat file for download: what sendFile needs and where its bytes are. */
export interface ChatFileContent {
  file: { fileName: string; contentType: string; size: number };
  path: string;
}

export class ChatFiles {
  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
    private readonly chat: ChatService,
  ) {}

  /** Checks the visitor's conversation and the query before the upload is read; `receive` streams it. */
  async visitorSend(visitor: Visitor, id: string, query: unknown, receive: Receive) {
    const { clientMessageId } = parseInput(fileMessageQuerySchema, query ?? {});
    await this.chat.visitorOwn(visitor, id);
    return this.stored(id, clientMessageId, receive, (written) => this.chat.visitorSend(visitor, id, { clientMessageId }, written));
  }

  /** The agent's file: checked as their answer is (chat/conversations.ts send). */
  async send(actor: Actor, id: string, query: unknown, receive: Receive) {
    const { clientMessageId } = parseInput(fileMessageQuerySchema, query ?? {});
    await this.chat.seen(actor, id);
    return this.stored(id, clientMessageId, receive, (written) => this.chat.send(actor, id, { clientMessageId }, written));
  }

  /**
   * A channel's file into the visitor's open conversation (chat/conversations.ts channelInto: the
   * same outcomes as a text). Refused by type (415) or size (413) before it is fetched; a refused
   * message (429 flood) leaves no bytes either.
   */
  async channelFile(visitor: Visitor, clientMessageId: string, sentAt: Date, file: ChannelFile): Promise<ChannelOutcome> {
    return this.chat.channelInto(visitor, clientMessageId, sentAt, async (id) => {
      this.storage.check(file.contentType, file.size);
      const receive: Receive = async (store) => store({ fileName: file.fileName, contentType: file.contentType, stream: await file.open() });
      return this.stored(id, clientMessageId, receive, (written) => this.chat.visitorSend(visitor, id, { clientMessageId }, written));
    });
  }

  /** The largest file a message may carry (ATTACHMENT_MAX_BYTES). */
  get maxBytes(): number {
    return this.storage.maxBytes;
  }

  async visitorContent(visitor: Visitor, fileId: string): Promise<ChatFileContent> {
    const f = UUID.test(fileId) ? await chatFileById(this.db, fileId) : undefined;
    if (!f || !(await visitorConversation(this.db, visitor.key, f.conversationId))) throw notFound('file');
    return { file: f, path: this.storage.path(f.storedName) };
  }

  async content(actor: Actor, fileId: string): Promise<ChatFileContent> {
    const f = UUID.test(fileId) ? await chatFileById(this.db, fileId) : undefined;
    if (!f || !(await conversationSeen(this.db, actor, f.conversationId))) throw notFound('file');
    return { file: f, path: this.storage.path(f.storedName) };
  }

  /**
   * A resend of a file message already stored answers it and drains the bytes again unread;
   * otherwise the bytes are written, then recorded with their message, or removed.
   */
  private async stored(id: string, clientMessageId: string, receive: Receive, record: (written: WrittenFile) => Promise<Stored>): Promise<Stored> {
    const known = await messageByClientId(this.db, id, clientMessageId);
    const written = await receive((file) => {
      if (!known) return this.storage.write(file);
      file.stream.resume();
      return Promise.resolve(null);
    });
    if (!written) return { message: messageView(known!), created: false };
    try {
      const r = await record(written);
      if (!r.created) this.storage.discard(written.key);
      return r;
    } catch (error) {
      this.storage.discard(written.key);
      throw error;
    }
  }
}
