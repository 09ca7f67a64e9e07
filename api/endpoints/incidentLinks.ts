// Links between incidents (domain/incidents/links.ts, mass.ts): a mass incident and its
// children, merging a duplicate, "related to"; and the intake's offer of open mass incidents.
import { z } from 'zod';
import { incidentLinksSchema, incidentRefSchema, mergeInputSchema, relatedInputSchema } from '../../domain/incidents/links';
import { MATCH_RULE, massChildrenInputSchema, massOfferQuerySchema } from '../../domain/incidents/mass';
import { emptyBody, json, other } from '../contract/endpoint';
import { idParam } from './common';
import { endpoint } from './services';

const links = incidentLinksSchema.openapi('IncidentLinks');
export const incidentRef = incidentRefSchema.openapi('IncidentRef');
const linksReply = json(z.object({ links }), 'The incident’s links after the change');

export const incidentLinkEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}/links',
    summary: 'An incident’s links: its mass parent or children (count and list), related incidents, what it was merged into or what was merged into it',
    request: { params: idParam },
    responses: { 200: json(z.object({ links }), 'The links; each reference only if the reader may see that incident') },
    problems: [404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { links: await services.linking.view(actor, params.id) } }),
  }),
  endpoint({
    method: 'put',
    path: '/api/incidents/{id}/mass',
    summary: 'Mark an open incident as a mass (parent) incident (the staff who work it); marking again changes nothing',
    request: { params: idParam, body: emptyBody },
    responses: { 200: linksReply },
    problems: [400, 403, 404, 409],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { links: await services.mass.mark(actor, params.id) } }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/incidents/{id}/mass',
    summary: 'No longer a mass incident (only without linked requests, else 409)',
    request: { params: idParam },
    responses: { 200: linksReply },
    problems: [403, 404, 409],
    handle: async ({ params, actor, services }) => ({ status: 200, body: { links: await services.mass.unmark(actor, params.id) } }),
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/children',
    summary: 'Link several open incidents (their requests) to the mass incident, all or none; resolving the parent resolves them through their own workflows',
    description:
      'Each incident must be the caller’s to work (404 naming incidentIds[n] outside their scope), open, not the parent itself nor above it in its chain (400), not linked to another parent (409).',
    request: { params: idParam, body: massChildrenInputSchema },
    responses: { 200: linksReply },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services }) => ({ status: 200, body: { links: await services.mass.link(actor, params.id, req.body) } }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/incidents/{id}/children/{childId}',
    summary: 'Unlink an incident from the mass incident',
    request: { params: z.object({ id: z.string().uuid(), childId: z.string() }) },
    responses: { 204: other('Unlinked') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      await services.mass.unlink(actor, params.id, params.childId);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/related',
    summary: 'Link two incidents as related (both directions; audited in both timelines)',
    request: { params: idParam, body: relatedInputSchema },
    responses: { 200: linksReply },
    problems: [400, 403, 404],
    handle: async ({ req, params, actor, services }) => ({ status: 200, body: { links: await services.linking.relate(actor, params.id, req.body) } }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/incidents/{id}/related/{relatedId}',
    summary: 'Remove a "related to" link',
    request: { params: z.object({ id: z.string().uuid(), relatedId: z.string() }) },
    responses: { 204: other('Removed') },
    problems: [400, 403, 404],
    handle: async ({ params, actor, services }) => {
      await services.linking.unrelate(actor, params.id, params.relatedId);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/merge',
    summary: 'Merge this duplicate into another open incident: closed as "merged into #N" through its workflow, its client told once, its history kept',
    request: { params: idParam, body: mergeInputSchema },
    responses: { 200: json(z.object({ links }), 'The survivor’s links, the duplicate among those merged into it') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services }) => ({ status: 200, body: { links: await services.linking.merge(actor, params.id, req.body) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/mass-incidents',
    summary: `The intake's offer: ${MATCH_RULE}`,
    request: { query: massOfferQuerySchema },
    responses: { 200: json(z.object({ items: z.array(incidentRef) }), 'Newest first, at most 5') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: { items: await services.mass.offerFor(actor, req.query) } }),
  }),
];
