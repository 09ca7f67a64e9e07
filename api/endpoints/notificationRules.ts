// Notification rules (docs/notifications.md): which events notify whom and by which channel
// first, global (admins) or per department (its supervisors and admins).
import { z } from 'zod';
import { rulesBodySchema, ruleViewSchema } from '../../domain/notifications/rules';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

const scopeParam = z.object({
  scope: z.union([z.literal('global'), z.string().uuid()]).describe('"global", or the id of a department'),
});
const department = z.object({ id: z.string().uuid(), code: z.string(), name: z.string() });
const ruleSet = z
  .object({
    scope: z.string(),
    department: department.nullable(),
    items: z.array(ruleViewSchema.openapi('NotificationRule')),
  })
  .openapi('NotificationRuleSet');

const scopeList = z
  .object({ items: z.array(z.object({ scope: z.string(), department: department.nullable(), editable: z.boolean() })) })
  .openapi('NotificationRuleScopes');

export const notificationRuleEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/notification-rules',
    summary: 'The scopes whose notification rules the caller may keep: the global rules and the departments in reach',
    description: 'Admins: the global rules (editable) and every department. Supervisors: the global rules to read and the departments of their subtree.',
    responses: { 200: json(scopeList, 'The scopes') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await services.notificationRules.scopes(actor) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/notification-rules/{scope}',
    summary: 'The notification rules that hold for a scope: each event and recipient on or off and the channel tried first, with where each comes from',
    description: 'Supervisors read the global rules and those of the departments of their subtree; admins all. Another department is a 404.',
    request: { params: scopeParam },
    responses: { 200: json(ruleSet, 'The rules') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: await services.notificationRules.list(actor, params.scope) }),
  }),
  endpoint({
    method: 'put',
    path: '/api/notification-rules/{scope}',
    summary: "Set notification rules of a scope: the global ones (admins) or a department's (its supervisors, admins)",
    description: 'Only the rules given change; the rest keep what holds. A department out of reach is a 404.',
    request: { params: scopeParam, body: rulesBodySchema.openapi('NotificationRulesBody') },
    responses: { 200: json(ruleSet, 'The rules now') },
    problems: [400, 403, 404],
    handle: async ({ req, params, actor, services }) => ({ status: 200, body: await services.notificationRules.put(actor, params.scope, req.body) }),
  }),
];
