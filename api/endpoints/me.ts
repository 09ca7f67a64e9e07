// Who is signed in, and the service catalog every signed-in person may read.
import { z } from 'zod';
import { listCatalog } from '../../domain/admin/catalog';
import { json } from '../contract/endpoint';
import { refSchema as ref } from '../../domain/shared/ref';
import { endpoint } from './services';
import { mySettings, mySettingsSchema, mySettingsUpdateSchema, updateMySettings } from '../../domain/people/settings';

export const meEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    responses: {
      200: json(
        z.object({
          id: z.string(),
          username: z.string(),
          fullName: z.string(),
          email: z.string(),
          roles: z.array(z.string()),
          department: z.string().nullable(),
          locale: z.string().nullable(),
        }),
        'Current user',
      ),
    },
    problems: [],
    handle: ({ actor: { id, username, fullName, email, roles, department, locale } }) => ({
      status: 200,
      body: { id, username, fullName, email, roles, department, locale },
    }),
  }),
  endpoint({
    method: 'get',
    path: '/api/me/settings',
    summary: "The signed-in person's settings: language, time zone, signature, notification preferences",
    responses: { 200: json(mySettingsSchema, 'Their settings') },
    problems: [404],
    handle: async ({ actor, services }) => ({ status: 200, body: await mySettings(services.db, actor) }),
  }),
  endpoint({
    method: 'put',
    path: '/api/me/settings',
    summary: "Change the signed-in person's own settings (only the fields given)",
    request: { body: mySettingsUpdateSchema },
    responses: { 200: json(mySettingsSchema, 'Saved') },
    problems: [400, 404],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await updateMySettings(services.db, actor, req.body) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/services',
    summary: 'The service catalog; q narrows it to entries whose code, name or description contain the text',
    request: { query: z.object({ q: z.string().max(100).optional() }) },
    responses: {
      200: json(
        z.object({
          items: z.array(
            z.object({ code: z.string(), name: z.string(), description: z.string(), serviceClass: z.string(), serviceType: z.string(), department: ref }),
          ),
        }),
        'Services by name',
      ),
    },
    problems: [],
    handle: async ({ req, services }) => ({
      status: 200,
      body: { items: await listCatalog(services.db, typeof req.query.q === 'string' ? req.query.q : undefined) },
    }),
  }),
];
