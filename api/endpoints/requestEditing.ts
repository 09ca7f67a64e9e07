// Admins correct a request before its incident exists: edit it (with If-Match) or delete it.
import { editRequestSchema } from '../../domain/requests/editing';
import { versionTag } from '../../domain/shared/etag';
import { json, other } from '../contract/endpoint';
import { idParam, ifMatchHeader } from './common';
import { one } from './requests';
import { endpoint } from './services';

export const requestEditingEndpoints = [
  endpoint({
    method: 'patch',
    path: '/api/requests/{id}',
    summary: 'Edit the service, client or description of a request without an incident (admins; a Temporal update)',
    description:
      'Allowed while the request is being routed or its order is being created; the workflow writes the edit and routes the request again when its service or client changed. With If-Match (the ETag of GET /api/requests/{id}) an edit made meanwhile is a 409.',
    request: { params: idParam, headers: ifMatchHeader, body: editRequestSchema },
    responses: { 200: json(one, 'Edited by the workflow') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services, header }) => {
      const request = await services.editing.edit(actor, params.id, req.body, header('If-Match'));
      return { status: 200, body: { request }, headers: { ETag: versionTag(request) } };
    },
  }),
  endpoint({
    method: 'delete',
    path: '/api/requests/{id}',
    summary: 'Delete a request without an incident softly (admins): its workflow closes it first; history kept, hidden from every list',
    request: { params: idParam },
    responses: { 204: other('Deleted') },
    problems: [403, 404, 409],
    handle: async ({ params, actor, services }) => {
      await services.editing.remove(actor, params.id);
      return { status: 204 };
    },
  }),
];
