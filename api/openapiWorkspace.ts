// OpenAPI paths of the incident workspace: comments, attachments and the timeline.
import { z } from 'zod';
import { ALLOWED_TYPES, attachmentQuerySchema } from '../domain/incidents/attachments';
import { commentSchema } from '../domain/incidents/comments';
import { json, problems, type PathRegistrar } from './openapiKit';

const id = z.object({ id: z.string().uuid() });
const comment = z
  .object({
    id: z.string().uuid(),
    incidentId: z.string().uuid(),
    authorId: z.string(),
    authorName: z.string(),
    body: z.string(),
    public: z.boolean(),
    createdAt: z.string().datetime(),
  })
  .openapi('Comment');
const attachment = z
  .object({
    id: z.string().uuid(),
    incidentId: z.string().uuid(),
    uploaderId: z.string(),
    fileName: z.string(),
    contentType: z.enum(ALLOWED_TYPES as [string, ...string[]]),
    size: z.number().int(),
    sha256: z.string(),
    public: z.boolean().openapi({ description: 'shown to the requester; internal files only to the staff who work the incident' }),
    createdAt: z.string().datetime(),
  })
  .openapi('Attachment');
const entry = z
  .object({
    at: z.string().datetime(),
    kind: z.enum(['transition', 'audit', 'comment', 'attachment', 'notification']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    title: z.string(),
    detail: z.string().nullable(),
    public: z.boolean().optional(),
  })
  .openapi('TimelineEntry');

export const registerWorkspacePaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'get',
    path: '/api/incidents/{id}/comments',
    summary: 'Comments of an incident (requesters see only public ones)',
    security,
    request: { params: id },
    responses: { 200: json(z.object({ items: z.array(comment) }), 'Oldest first'), ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/incidents/{id}/comments',
    summary: 'Comment on an incident (staff: internal by default; requesters: public)',
    security,
    request: {
      params: id,
      headers: z.object({ 'Idempotency-Key': z.string().optional() }),
      body: { content: { 'application/json': { schema: commentSchema } } },
    },
    responses: {
      201: json(z.object({ comment }), 'Added'),
      200: json(z.object({ comment }), 'The same key again: the comment added then'),
      ...problems(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/incidents/{id}/attachments',
    summary: 'Files attached to an incident',
    security,
    request: { params: id },
    responses: { 200: json(z.object({ items: z.array(attachment) }), 'Oldest first'), ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/incidents/{id}/attachments',
    summary: 'Attach a file (multipart/form-data, field "file"; size limit ATTACHMENT_MAX_BYTES)',
    security,
    request: {
      params: id,
      query: attachmentQuerySchema,
      body: { content: { 'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) } } },
    },
    responses: { 201: json(z.object({ attachment }), 'Stored'), ...problems(400, 401, 403, 404, 413, 415) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/attachments/{id}/content',
    summary: 'Download an attached file (Content-Disposition: attachment, nosniff, CSP sandbox)',
    security,
    request: { params: id },
    responses: { 200: { description: 'The bytes, with the stored content type' }, ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/incidents/{id}/timeline',
    summary: 'Transitions, audit trail, comments, attachments and (staff) notification attempts in time order',
    security,
    request: { params: id },
    responses: { 200: json(z.object({ items: z.array(entry) }), 'Oldest first'), ...problems(401, 404) },
  });
};
