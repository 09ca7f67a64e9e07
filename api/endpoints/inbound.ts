// Inbound messages the channel intake held or ignored (domain/intake/held.ts).
import { z } from 'zod';
import { inboundListSchema, inboundViewSchema } from '../../domain/intake/held';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

const message = inboundViewSchema.openapi('InboundMessage');

export const inboundEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/admin/inbound-messages',
    summary: 'Inbound messages (e-mail) held for an operator or ignored, with the reason, newest first (admins; supervisors may look)',
    request: { query: inboundListSchema },
    responses: { 200: json(z.object({ items: z.array(message) }), 'The messages') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: { items: await services.inbound.list(actor, req.query) } }),
  }),
];
