// Staff edit an incident's title and description (with If-Match).
import { z } from 'zod';
import { editIncidentSchema } from '../../domain/incidents/editing';
import { incidentEtag } from '../../domain/incidents/incidentView';
import { json } from '../contract/endpoint';
import { idParam, ifMatchHeader } from './common';
import { incident as incidentSchema } from './incidents';
import { endpoint } from './services';

export const incidentEditingEndpoints = [
  endpoint({
    method: 'patch',
    path: '/api/incidents/{id}',
    summary: "Edit an incident's title and description (the staff who work it); with If-Match a change made meanwhile is a 409",
    request: { params: idParam, headers: ifMatchHeader, body: editIncidentSchema },
    responses: { 200: json(z.object({ incident: incidentSchema }), 'Edited; open views update live') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services, header }) => {
      const incident = await services.incidentEditing.edit(actor, params.id, req.body, header('If-Match'));
      return { status: 200, body: { incident }, headers: { ETag: incidentEtag(incident) } };
    },
  }),
];
