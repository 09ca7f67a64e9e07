// OpenAPI paths of the notification templates admins edit.
import { z } from 'zod';
import { LANGS, TEMPLATE_NAMES } from '../domain/notifications/templates';
import { templateTextSchema } from '../domain/notifications/templateStore';
import { json, problems, type PathRegistrar } from './openapiKit';

const text = z.object({ subject: z.string(), body: z.string() });
const template = z
  .object({
    name: z.enum(TEMPLATE_NAMES),
    lang: z.enum(LANGS as ['ru', 'en']),
    subject: z.string(),
    body: z.string(),
    customized: z.boolean().describe('an admin replaced the built-in text'),
    placeholders: z.array(z.string()).describe('the {names} the texts may use'),
    defaults: text.describe('the built-in text'),
    updatedAt: z.string().datetime().nullable(),
    updatedById: z.string().nullable(),
  })
  .openapi('NotificationTemplate');
const params = z.object({ name: z.enum(TEMPLATE_NAMES), lang: z.enum(LANGS as ['ru', 'en']) });

export const registerTemplatePaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'get',
    path: '/api/admin/notification-templates',
    summary: 'Every notification template in Russian and English, as sent now (admins; supervisors may look)',
    security,
    responses: { 200: json(z.object({ items: z.array(template) }), 'The templates'), ...problems(401, 403) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/admin/notification-templates/{name}/{lang}',
    summary: "Replace a template's text in one language (admins)",
    description: 'Only the placeholders of the template may be used; an unknown one is a 400 naming subject or body.',
    security,
    request: { params, body: { content: { 'application/json': { schema: templateTextSchema } } } },
    responses: { 200: json(z.object({ template }), 'Stored; sent from now on'), ...problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/admin/notification-templates/{name}/{lang}',
    summary: 'Go back to the built-in text (admins)',
    security,
    request: { params },
    responses: { 200: json(z.object({ template }), 'The built-in text is sent again'), ...problems(401, 403, 404) },
  });
};
