// Canned replies for staff and the portal's article suggestions (domain/knowledge).
import { z } from 'zod';
import { json } from '../contract/endpoint';
import { cannedReplies, replySchema, suggestArticles, suggestionSchema, suggestQuerySchema } from '../../domain/knowledge/knowledge';
import { endpoint } from './services';

export const knowledgeEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/knowledge/replies',
    summary: 'Published canned replies, to insert into a comment (staff)',
    responses: { 200: json(z.object({ items: z.array(replySchema.openapi('CannedReply')) }), 'By language and title') },
    problems: [403],
    handle: async ({ actor, services }) => ({ status: 200, body: { items: await cannedReplies(services.db, actor) } }),
  }),
  endpoint({
    method: 'get',
    path: '/api/knowledge/articles',
    summary: 'Published articles matching what a user has typed (the portal suggests them while a request is described)',
    request: { query: suggestQuerySchema },
    responses: { 200: json(z.object({ items: z.array(suggestionSchema.openapi('ArticleSuggestion')) }), 'Best matches first, at most 5') },
    problems: [400],
    handle: async ({ req, services }) => ({ status: 200, body: { items: await suggestArticles(services.db, req.query) } }),
  }),
];
