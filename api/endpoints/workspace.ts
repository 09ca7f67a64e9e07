// The incident workspace: comments, attachments (multipart upload, safe download) and the
// timeline.
import fs from 'node:fs';
import { z } from 'zod';
import { attachmentQuerySchema, attachmentViewSchema } from '../../domain/incidents/attachments';
import { commentSchema, commentViewSchema } from '../../domain/incidents/comments';
import { parseInput } from '../../domain/shared/validation';
import { incidentTimeline, timelineEntrySchema } from '../../domain/incidents/timeline';
import { json, other } from '../contract/endpoint';
import { receiveFile, sendFile } from '../fileTransfer';
import { idParam } from './common';
import { endpoint } from './services';

const comment = commentViewSchema.openapi('Comment');
const attachment = attachmentViewSchema.openapi('Attachment');
const entry = timelineEntrySchema.openapi('TimelineEntry');

export const workspaceEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}/comments',
    summary: 'Comments of an incident (requesters see only public ones)',
    request: { params: idParam },
    responses: { 200: json(z.object({ items: z.array(comment) }), 'Oldest first') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { items: await services.comments.list(actor, params.id) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/comments',
    summary: 'Comment on an incident (staff: internal by default; requesters: public)',
    request: { params: idParam, body: commentSchema },
    idempotencyKey: 'replay',
    responses: { 201: json(z.object({ comment }), 'Added'), 200: json(z.object({ comment }), 'The same key again: the comment added then') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services }) => ({ status: 201, body: { comment: await services.comments.add(actor, params.id, req.body) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}/attachments',
    summary: 'Files attached to an incident',
    request: { params: idParam },
    responses: { 200: json(z.object({ items: z.array(attachment) }), 'Oldest first') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { items: await services.attachments.list(actor, params.id) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/attachments',
    summary:
      'Attach a file (multipart/form-data, field "file"; size limit ATTACHMENT_MAX_BYTES; per incident ATTACHMENT_QUOTA_FILES files, 409, and ATTACHMENT_QUOTA_BYTES bytes, 413)',
    request: {
      params: idParam,
      query: attachmentQuerySchema,
      body: z.object({ file: z.string().openapi({ format: 'binary' }) }),
      bodyType: 'multipart/form-data',
    },
    responses: { 201: json(z.object({ attachment }), 'Stored') },
    problems: [400, 403, 404, 409, 413, 415, 429],
    handle: async ({ req, params, actor, services }) => {
      const { public: asPublic } = parseInput(attachmentQuerySchema, req.query);
      const incident = await services.attachments.incidentFor(actor, params.id); // 404 (or 403) before a byte is read
      const stored = await receiveFile(req, (file) => services.attachments.store(actor, incident, file, asPublic));
      return { status: 201, body: { attachment: stored } };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/attachments/{id}/content',
    summary: 'Download an attached file (Content-Disposition: attachment, nosniff, CSP sandbox)',
    request: { params: idParam },
    responses: { 200: other('The bytes, with the stored content type') },
    problems: [404],
    handle: async ({ params, actor, services }) => {
      const { attachment: stored, file } = await services.attachments.content(actor, params.id);
      return { sent: (res) => sendFile(res, stored, fs.createReadStream(file)) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}/timeline',
    summary: 'Transitions, audit trail, comments, attachments and (staff) notification attempts in time order',
    request: { params: idParam },
    responses: { 200: json(z.object({ items: z.array(entry) }), 'Oldest first') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({
      status: 200,
      body: { items: await incidentTimeline(services.db, services.incidents, actor, params.id) },
    }),
  }),
];
