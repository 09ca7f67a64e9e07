// The home page's sections, decided by who the reader is (domain/home).
import { home, homeSchema } from '../../domain/home/home';
import { json } from '../contract/endpoint';
import { endpoint } from './services';

export const homeEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/home',
    summary: 'The home page: staff see what is theirs, what waits and what breaches soon; requesters their open requests',
    responses: { 200: json(homeSchema.openapi('Home'), 'The sections for the reader') },
    problems: [],
    handle: async ({ actor, services }) => ({ status: 200, body: await home(services.db, actor) }),
  }),
];
