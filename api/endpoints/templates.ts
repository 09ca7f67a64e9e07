// The notification templates admins edit.
import { z } from 'zod';
import { LANGS, TEMPLATE_NAMES } from '../../domain/notifications/templates';
import { templateTextSchema, templateViewSchema } from '../../domain/notifications/templateStore';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

const template = templateViewSchema.openapi('NotificationTemplate');
const params = z.object({ name: z.enum(TEMPLATE_NAMES), lang: z.enum(LANGS) });
const one = z.object({ template });

export const templateEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/admin/notification-templates',
    summary: 'Every notification template in Russian and English, as sent now (admins; supervisors may look)',
    responses: { 200: json(z.object({ items: z.array(template) }), 'The templates') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.templates.list(actor) } }),
  }),
  endpoint({
    method: 'put',
    path: '/api/admin/notification-templates/{name}/{lang}',
    summary: "Replace a template's text in one language (admins)",
    description: 'Only the placeholders of the template may be used; an unknown one is a 400 naming subject or body.',
    request: { params, body: templateTextSchema },
    responses: { 200: json(one, 'Stored; sent from now on') },
    problems: [400, 403, 404],
    handle: async ({ req, params: { name, lang }, actor, services }) => ({
      status: 200,
      body: { template: await services.templates.put(actor, name, lang, req.body ?? {}) },
    }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/admin/notification-templates/{name}/{lang}',
    summary: 'Go back to the built-in text (admins)',
    request: { params },
    responses: { 200: json(one, 'The built-in text is sent again') },
    problems: [403, 404],
    handle: async ({ params: { name, lang }, actor, services }) => ({ status: 200, body: { template: await services.templates.reset(actor, name, lang) } }),
  }),
];
