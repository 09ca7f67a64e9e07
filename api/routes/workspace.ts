// The incident workspace: comments, attachments (multipart upload, safe download) and the
// timeline.
import fs from 'node:fs';
import busboy from 'busboy';
import { Router, type Request } from 'express';
import { attachmentQuerySchema, type AttachmentService, type AttachmentView, type IncomingFile } from '../../domain/incidents/attachments';
import { parseInput } from '../../domain/shared/validation';
import type { CommentService } from '../../domain/incidents/comments';
import { DomainError, invalid } from '../../domain/shared/errors';
import type { IncidentService } from '../../domain/incidents/incidents';
import { incidentTimeline } from '../../domain/incidents/timeline';
import type { Db } from '../../infra/db';
import { actorOf } from '../auth/middleware';

function receiveFile(req: Request, store: (file: IncomingFile) => Promise<AttachmentView>): Promise<AttachmentView> {
  if (!req.is('multipart/form-data'))
    throw new DomainError(415, 'Unsupported Media Type', 'send the file as multipart/form-data in the field "file"', [
      { field: 'file', message: 'multipart/form-data expected' },
    ]);
  return new Promise((resolve, reject) => {
    let handled = false;
    const form = busboy({ headers: req.headers, limits: { files: 1, fields: 5 }, defParamCharset: 'utf8' }); // browsers send UTF-8 file names
    form.on('file', (name, stream, info) => {
      if (name !== 'file' || handled) return void stream.resume();
      handled = true;
      store({ fileName: info.filename ?? 'file', contentType: info.mimeType, stream }).then(resolve, (error: unknown) => {
        req.unpipe(form);
        req.resume();
        reject(error);
      });
    });
    form.on('error', reject);
    form.on('close', () => {
      if (!handled) reject(invalid([{ field: 'file', message: 'required' }]));
    });
    req.pipe(form);
  });
}

/** RFC 6266 / 5987: an ASCII fallback name and the exact UTF-8 name. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function workspaceRoutes(db: Db, incidents: IncidentService, comments: CommentService, attachments: AttachmentService): Router {
  return Router()
    .get('/api/incidents/:id/comments', async (req, res, next) => {
      try {
        res.json({ items: await comments.list(actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    })
    .post('/api/incidents/:id/comments', async (req, res, next) => {
      try {
        res.status(201).json({ comment: await comments.add(actorOf(req), req.params.id, req.body) });
      } catch (error) {
        next(error);
      }
    })
    .get('/api/incidents/:id/attachments', async (req, res, next) => {
      try {
        res.json({ items: await attachments.list(actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    })
    .post('/api/incidents/:id/attachments', async (req, res, next) => {
      try {
        const actor = actorOf(req);
        const { public: asPublic } = parseInput(attachmentQuerySchema, req.query);
        await attachments.incidentFor(actor, req.params.id); // 404 (or 403) before a byte is read
        const attachment = await receiveFile(req, (file) => attachments.store(actor, req.params.id, file, asPublic));
        res.status(201).json({ attachment });
      } catch (error) {
        next(error);
      }
    })
    .get('/api/attachments/:id/content', async (req, res, next) => {
      try {
        const { attachment, file } = await attachments.content(actorOf(req), req.params.id);
        res.status(200).set({
          'Content-Type': attachment.contentType,
          'Content-Length': String(attachment.size),
          'Content-Disposition': disposition(attachment.fileName),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'Cache-Control': 'private, no-store',
        });
        fs.createReadStream(file).on('error', next).pipe(res);
      } catch (error) {
        next(error);
      }
    })
    .get('/api/incidents/:id/timeline', async (req, res, next) => {
      try {
        res.json({ items: await incidentTimeline(db, incidents, actorOf(req), req.params.id) });
      } catch (error) {
        next(error);
      }
    });
}
