// What the chat API and the socket send: conversations and messages as clients see them, and
// the inputs they accept. Pure: the web app and the typed client import it.
import { z } from 'zod';

export const CONVERSATION_STATUSES = ['WAITING', 'ACTIVE', 'CLOSED'] as const;
/** Where the visitor writes from: the widget (or the socket API), or a channel of the desk (docs/chat.md "Channels"). */
export const CHAT_CHANNELS = ['WIDGET', 'TELEGRAM', 'EMAIL'] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

export const messageViewSchema = z.object({
  id: z.string().uuid(),
  seq: z.number().int().describe('the order within the conversation; read marks and "after" use it'),
  conversationId: z.string().uuid(),
  clientMessageId: z.string(),
  author: z.enum(['visitor', 'agent', 'system']),
  body: z.string().describe("the text; a file message: the file's name"),
  file: z
    .object({
      id: z.string().uuid(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number().int(),
    })
    .nullable()
    .describe('the file a message carries (download: GET /api/chat/files/{id}/content, visitors /api/chat/visitor/files/{id}/content)'),
  createdAt: z.string().datetime(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const conversationViewSchema = z.object({
  id: z.string().uuid(),
  status: z.enum(CONVERSATION_STATUSES),
  channel: z.enum(CHAT_CHANNELS).describe('where the visitor writes from; agents answer the same way, the desk carries the answer there'),
  visitorName: z.string(),
  identified: z.boolean(),
  lang: z.string(),
  departmentId: z.string().uuid(),
  assigneeId: z.string().nullable(),
  offeredToId: z.string().nullable().describe('the agent the distribution offered it to, waiting for their accept'),
  escalatedAt: z.string().datetime().nullable().describe("when it waited past the settings' escalation time and the supervisors were told"),
  requestId: z.string().uuid().nullable(),
  createdAt: z.string().datetime(),
  acceptedAt: z.string().datetime().nullable(),
  closedAt: z.string().datetime().nullable(),
  closeReason: z.string().nullable(),
  visitorReadSeq: z.number().int().describe('the last message the visitor has read'),
  agentReadSeq: z.number().int().describe('the last message the agent has read'),
  unread: z.number().int().describe("the visitor's messages after the agent's read mark (the inbox shows it on each conversation)"),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/** A client message id: the sender's own, unique within the conversation (a UUID fits). */
export const CLIENT_MESSAGE_ID = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be 1-64 letters, digits, - or _');

export const messageInputSchema = z
  .object({
    clientMessageId: CLIENT_MESSAGE_ID.describe("the sender's id of the message: a resend with the same id stores nothing twice"),
    body: z.string().describe('the text (at most CHAT_MESSAGE_MAX_CHARS characters)'),
  })
  .strict();
/** A file message's query (its bytes are the multipart field "file"). */
export const fileMessageQuerySchema = z
  .object({ clientMessageId: CLIENT_MESSAGE_ID.describe("the sender's id of the message: a resend with the same id stores nothing twice") })
  .strict();
export const readInputSchema = z.object({ seq: z.number().int().min(0).describe('the last message read') }).strict();
export const afterQuerySchema = z
  .object({
    after: z.coerce.number().int().min(0).default(0).describe('only messages after this seq'),
    wait: z.enum(['true', 'false']).optional().describe('long poll: hold the answer up to 25 s until a message after `after` arrives'),
  })
  .strict();
