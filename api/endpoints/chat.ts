// Live chat over HTTP (docs/chat.md): the visitor's calls (authenticated by the visitor token in
// X-Chat-Visitor), the staff inbox, shifts and the admins' settings. The socket
// (/api/chat/socket, api/chatSocket.ts) carries the same operations live; these are the fallback
// a browser can always use, with a long poll (wait=true) in place of pushed frames.
import fs from 'node:fs';
import { z } from 'zod';
import { closeSchema, inboxQuerySchema, requestLinkSchema, startSchema, transferSchema } from '../../domain/chat/conversations';
import { boardChats, boardChatsSchema } from '../../domain/chat/boardChats';
import { agentSettingsSchema, agentSettingsUpdateSchema, myAgentSettings, saveMyAgentSettings } from '../../domain/chat/agentSettings';
import { chatSettingsSchema, readChatSettings, saveChatSettings } from '../../domain/chat/settings';
import { SHIFT_ACTIONS, shiftViewSchema } from '../../domain/chat/shifts';
import { transferTargets, transferTargetsSchema } from '../../domain/chat/transferTargets';
import {
  afterQuerySchema,
  conversationViewSchema,
  fileMessageQuerySchema,
  messageInputSchema,
  messageViewSchema,
  readInputSchema,
} from '../../domain/chat/views';
import { visitorStartSchema, visitorViewSchema } from '../../domain/chat/visitors';
import { emptyBody, json, other } from '../contract/endpoint';
import { receiveFile, sendFile } from '../fileTransfer';
import { idParam } from './common';
import { endpoint } from './services';

/** The header every visitor call carries: the token POST /api/chat/visitor issued. */
export const VISITOR_HEADER = 'X-Chat-Visitor';
/** 201 for a message stored now, 200 for a resend of one stored before. */
const storedReply = <T extends { created: boolean }>(r: T) => (r.created ? { status: 201 as const, body: r } : { status: 200 as const, body: r });

const conversation = conversationViewSchema.openapi('ChatConversation');
const message = messageViewSchema.openapi('ChatMessage');
const history = z.object({ conversation, messages: z.array(message) }).openapi('ChatHistory');
const stored = z.object({ message, created: z.boolean().describe('false: a resend of a message already stored') });
/** A file message's request: the query's clientMessageId and the multipart field "file". */
const fileRequest = {
  params: idParam,
  query: fileMessageQuerySchema,
  body: z.object({ file: z.string().openapi({ format: 'binary' }) }),
  bodyType: 'multipart/form-data' as const,
};
const FILE_RULES = 'multipart/form-data, field "file": the types and size limit of incident attachments (ATTACHMENT_MAX_BYTES: 413; another type: 415)';

export const chatEndpoints = [
  endpoint({
    method: 'post',
    path: '/api/chat/visitor',
    access: 'anyone',
    summary: "Start a visitor: anonymous, or identified by the host product's signed token; answers the visitor token",
    description: 'A forged, expired or unsigned identity is a 401 naming the field identity.',
    request: { body: visitorStartSchema },
    responses: { 200: json(visitorViewSchema.openapi('ChatVisitor'), 'The visitor token') },
    problems: [401],
    handle: async ({ req, services }) => ({ status: 200, body: await services.chat.tokens.start(req.body ?? {}) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/visitor/conversations',
    access: 'anyone',
    secretHeader: VISITOR_HEADER,
    summary: "Start the visitor's conversation (their open one again if they have one)",
    request: { body: startSchema },
    responses: { 201: json(z.object({ conversation }), 'Started'), 200: json(z.object({ conversation }), 'The open one') },
    problems: [409],
    handle: async ({ req, header, services }) => {
      const visitor = services.chat.tokens.visitor(header(VISITOR_HEADER));
      const r = await services.chat.service.start(visitor, req.body, header('Origin') ?? null);
      return r.created ? { status: 201, body: { conversation: r.conversation } } : { status: 200, body: { conversation: r.conversation } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/visitor/conversations/{id}',
    access: 'anyone',
    secretHeader: VISITOR_HEADER,
    summary: "The visitor's own conversation and its messages after `after`; wait=true holds the answer up to 25 s for a new one",
    request: { params: idParam, query: afterQuerySchema },
    responses: { 200: json(history, 'The conversation') },
    problems: [],
    handle: async ({ req, params, header, services }) => {
      const visitor = services.chat.tokens.visitor(header(VISITOR_HEADER));
      return {
        status: 200,
        body: await services.chat.hub.poll(params.id, req.query.wait === 'true', () => services.chat.service.visitorHistory(visitor, params.id, req.query)),
      };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/visitor/conversations/{id}/messages',
    access: 'anyone',
    secretHeader: VISITOR_HEADER,
    summary: 'A visitor message, stored once per clientMessageId (a resend answers the stored one with 200)',
    description: 'Over CHAT_MESSAGE_MAX_CHARS: 413; more than CHAT_FLOOD_PER_MINUTE a minute: 429; a closed conversation: 409.',
    request: { params: idParam, body: messageInputSchema },
    responses: { 201: json(stored, 'Stored'), 200: json(stored, 'Stored before (a resend)') },
    problems: [409, 413, 429],
    handle: async ({ req, params, header, services }) => {
      return storedReply(await services.chat.service.visitorSend(services.chat.tokens.visitor(header(VISITOR_HEADER)), params.id, req.body));
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/visitor/conversations/{id}/files',
    access: 'anyone',
    secretHeader: VISITOR_HEADER,
    summary: `A visitor's file message (${FILE_RULES}), stored once per clientMessageId`,
    request: fileRequest,
    responses: { 201: json(stored, 'Stored'), 200: json(stored, 'Stored before (a resend)') },
    problems: [400, 409, 413, 415, 429],
    handle: async ({ req, params, header, services }) => {
      const visitor = services.chat.tokens.visitor(header(VISITOR_HEADER));
      return storedReply(await services.chat.files.visitorSend(visitor, params.id, req.query, (store) => receiveFile(req, store)));
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/visitor/files/{id}/content',
    access: 'anyone',
    secretHeader: VISITOR_HEADER,
    summary: "Download a file of the visitor's own conversation (Content-Disposition: attachment, nosniff, CSP sandbox)",
    request: { params: idParam },
    responses: { 200: other('The bytes, with the stored content type') },
    problems: [404],
    handle: async ({ params, header, services }) => {
      const { file, path } = await services.chat.files.visitorContent(services.chat.tokens.visitor(header(VISITOR_HEADER)), params.id);
      return { sent: (res) => sendFile(res, file, fs.createReadStream(path)) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/visitor/conversations/{id}/read',
    access: 'anyone',
    secretHeader: VISITOR_HEADER,
    summary: 'The visitor has read up to message `seq`',
    request: { params: idParam, body: readInputSchema },
    responses: { 204: other('Marked') },
    problems: [],
    handle: async ({ req, params, header, services }) => {
      await services.chat.service.visitorRead(services.chat.tokens.visitor(header(VISITOR_HEADER)), params.id, req.body);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/conversations',
    summary: 'The chat inbox (staff): waiting in their queue, mine (assigned or offered), or all they may see (supervisors: the department); oldest first',
    request: { query: inboxQuerySchema },
    responses: { 200: json(z.object({ items: z.array(conversation) }), 'Conversations') },
    problems: [],
    handle: async ({ req, actor, services }) => ({ status: 200, body: { items: await services.chat.service.inbox(actor, req.query) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/conversations/{id}',
    summary: 'A conversation and its messages after `after` (staff who may see it); wait=true holds the answer up to 25 s for a new one',
    request: { params: idParam, query: afterQuerySchema },
    responses: { 200: json(history, 'The conversation') },
    problems: [],
    handle: async ({ req, params, actor, services }) => {
      return {
        status: 200,
        body: await services.chat.hub.poll(params.id, req.query.wait === 'true', () => services.chat.service.get(actor, params.id, req.query)),
      };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/messages',
    summary: "An agent's answer (the conversation's agent; a supervisor or admin who sees it), stored once per clientMessageId",
    request: { params: idParam, body: messageInputSchema },
    responses: { 201: json(stored, 'Stored'), 200: json(stored, 'Stored before (a resend)') },
    problems: [409, 413],
    handle: async ({ req, params, actor, services }) => {
      return storedReply(await services.chat.service.send(actor, params.id, req.body));
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/files',
    summary: `An agent's file message (${FILE_RULES}); who may answer as for a text`,
    request: fileRequest,
    responses: { 201: json(stored, 'Stored'), 200: json(stored, 'Stored before (a resend)') },
    problems: [400, 409, 413, 415],
    handle: async ({ req, params, actor, services }) => {
      return storedReply(await services.chat.files.send(actor, params.id, req.query, (store) => receiveFile(req, store)));
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/files/{id}/content',
    summary: 'Download a file of a conversation the staff member may see (Content-Disposition: attachment, nosniff, CSP sandbox)',
    request: { params: idParam },
    responses: { 200: other('The bytes, with the stored content type') },
    problems: [404],
    handle: async ({ params, actor, services }) => {
      const { file, path } = await services.chat.files.content(actor, params.id);
      return { sent: (res) => sendFile(res, file, fs.createReadStream(path)) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/read',
    summary: 'The agent has read up to message `seq`',
    request: { params: idParam, body: readInputSchema },
    responses: { 204: other('Marked') },
    problems: [],
    handle: async ({ req, params, actor, services }) => {
      await services.chat.service.read(actor, params.id, req.body);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/accept',
    summary: 'Accept a waiting conversation (agents); one another agent accepted: 409',
    request: { params: idParam, body: emptyBody },
    responses: { 200: json(z.object({ conversation }), 'Accepted') },
    problems: [400, 409],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { conversation: await services.chat.service.accept(actor, params.id) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/transfer',
    summary: "Hand a conversation to an agent, or back to a department's queue (its agent, a supervisor or admin)",
    request: { params: idParam, body: transferSchema },
    responses: { 200: json(z.object({ conversation }), 'Transferred') },
    problems: [409],
    handle: async ({ req, params, actor, services }) => ({
      status: 200,
      body: { conversation: await services.chat.service.transfer(actor, params.id, req.body) },
    }),
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/transfer-targets',
    summary: "Whom a chat may be transferred to (staff): colleagues on shift with their department and open chats, and the departments' queues",
    responses: { 200: json(transferTargetsSchema.openapi('ChatTransferTargets'), 'Colleagues on shift and departments') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await transferTargets(services.db, actor) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/close',
    summary: 'Close a conversation with a reason (its agent, a supervisor or admin)',
    request: { params: idParam, body: closeSchema },
    responses: { 200: json(z.object({ conversation }), 'Closed') },
    problems: [409],
    handle: async ({ req, params, actor, services }) => ({
      status: 200,
      body: { conversation: await services.chat.service.close(actor, params.id, req.body) },
    }),
  }),
  endpoint({
    method: 'post',
    path: '/api/chat/conversations/{id}/request',
    summary:
      'Turn the conversation into a service request in one action (filed through the intake and its workflow, once per conversation), or link an existing one',
    request: { params: idParam, body: requestLinkSchema },
    responses: { 200: json(z.object({ conversation }), 'Linked') },
    problems: [409],
    handle: async ({ req, params, actor, services }) => ({
      status: 200,
      body: { conversation: await services.chat.service.linkRequest(actor, params.id, req.body) },
    }),
  }),
  endpoint({
    method: 'get',
    path: '/api/requests/{id}/conversations',
    summary: 'The chat conversations linked to a request (staff who may see the request)',
    request: { params: idParam },
    responses: { 200: json(z.object({ items: z.array(conversation) }), 'Linked conversations, oldest first') },
    problems: [],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { items: await services.chat.service.ofRequest(actor, params.id) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/shift',
    summary: "The agent's chat shift: on or off, paused, their conversations and capacity (agents)",
    responses: { 200: json(shiftViewSchema.openapi('ChatShift'), 'The shift') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await services.chat.shifts.state(actor) }),
  }),
  ...SHIFT_ACTIONS.map((action) =>
    endpoint({
      method: 'post',
      path: `/api/chat/shift/${action}`,
      summary: {
        'clock-in': 'Clock in: distribution may offer the agent conversations',
        pause: 'Pause the shift: no new conversations, theirs stay',
        resume: 'Resume the paused shift',
        'clock-out': "Clock out: the agent's open conversations go back to the queue for others",
      }[action],
      request: { body: emptyBody },
      responses: { 200: json(shiftViewSchema.openapi('ChatShift'), 'The shift now') },
      problems: [400],
      handle: async ({ actor, services }) => ({ status: 200, body: await services.chat.shifts.act(actor, action) }),
    }),
  ),
  endpoint({
    method: 'get',
    path: '/api/board/chats',
    summary: "The chats waiting for an agent, for the department board (staff: the inbox's rule), oldest first, with their true count",
    responses: { 200: json(boardChatsSchema.openapi('BoardChats'), 'Waiting chats') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await boardChats(services.db, actor) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/chat/me/settings',
    summary: "The signed-in staff member's own chat settings: sounds, desktop notifications of new chats, signature",
    responses: { 200: json(agentSettingsSchema.openapi('ChatAgentSettings'), 'Their settings') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await myAgentSettings(services.db, actor) }),
  }),
  endpoint({
    method: 'put',
    path: '/api/chat/me/settings',
    summary: "Change the signed-in staff member's own chat settings (only the fields given)",
    request: { body: agentSettingsUpdateSchema },
    responses: { 200: json(agentSettingsSchema.openapi('ChatAgentSettings'), 'Saved') },
    problems: [400, 404],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await saveMyAgentSettings(services.db, actor, req.body) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/chat-settings',
    summary: 'The chat settings (supervisors and admins)',
    responses: { 200: json(chatSettingsSchema.openapi('ChatSettings'), 'Settings') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await readChatSettings(services.db, actor) }),
  }),
  endpoint({
    method: 'put',
    path: '/api/admin/chat-settings',
    summary: 'Save the chat settings (admins)',
    request: { body: chatSettingsSchema },
    responses: { 200: json(chatSettingsSchema.openapi('ChatSettings'), 'Saved') },
    problems: [],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await saveChatSettings(services.db, actor, req.body) }),
  }),
];
