// The socket's frames (docs/chat.md, "Frames"): JSON text frames, one object each, with "type".
// Pure: the typed client and the widget import it.
import { z } from 'zod';
import { CLIENT_MESSAGE_ID, type ConversationView, type MessageView } from './views';

const id = z.string().uuid();

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), conversationId: id, after: z.number().int().min(0).default(0) }).strict(),
  z.object({ type: z.literal('message'), conversationId: id, clientMessageId: CLIENT_MESSAGE_ID, body: z.string() }).strict(),
  z.object({ type: z.literal('typing'), conversationId: id }).strict(),
  z.object({ type: z.literal('read'), conversationId: id, seq: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** The codes of error frames: each one a problem a client handles differently. */
export const ERROR_CODES = {
  400: 'bad_frame',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'flood',
} as const satisfies Record<number, string>;
export const errorCode = (status: number): string => ERROR_CODES[status as keyof typeof ERROR_CODES] ?? 'server_error';

/** The largest frame the socket reads: a message of CHAT_MESSAGE_MAX_CHARS 4-byte characters fits twice. */
export const MAX_FRAME_BYTES = 64 * 1024;

/** The frames the server sends (docs/chat.md, "From the server"), for typed clients. */
export type ServerFrame =
  | { type: 'hello'; role: 'visitor' | 'staff' }
  | { type: 'history'; conversation: ConversationView; messages: MessageView[] }
  | { type: 'ack'; clientMessageId: string; created: boolean; message: MessageView }
  | { type: 'message'; message: MessageView }
  | { type: 'typing'; conversationId: string; author: 'visitor' | 'agent' }
  | { type: 'conversation'; conversation: ConversationView }
  /** Staff only: the visitor wrote in a conversation assigned to them that this connection does not follow (the inbox marks it unread and beeps). */
  | { type: 'unread'; conversation: ConversationView; message: MessageView }
  | {
      type: 'error';
      code: string;
      status: number;
      detail: string;
      errors?: { field: string; message: string }[];
      conversationId?: string;
      clientMessageId?: string;
    }
  | { type: 'pong' };
