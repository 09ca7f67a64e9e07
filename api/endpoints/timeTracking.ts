// Time spent on incidents, and its report (domain/incidents/timeEntries.ts).
import { z } from 'zod';
import { json, other } from '../contract/endpoint';
import { timeEntryInputSchema, timeEntryViewSchema, timeReportSchema, timeSheetSchema } from '../../domain/incidents/timeEntries';
import { reportPeriodParams } from '../../domain/shared/reportPeriod';
import { endpoint } from './services';

const idParam = z.object({ id: z.string() });
const entry = timeEntryViewSchema.openapi('TimeEntry');

export const timeTrackingEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/incidents/{id}/time',
    summary: 'Time spent on an incident, the latest day first, with the total (the staff who work it)',
    request: { params: idParam },
    responses: { 200: json(timeSheetSchema.extend({ items: z.array(entry) }), 'Entries and total minutes') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: await services.time.list(actor, params.id) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/incidents/{id}/time',
    summary: 'Log time spent on an incident (the staff who work it)',
    request: { params: idParam, body: timeEntryInputSchema },
    responses: { 201: json(z.object({ entry }), 'Logged') },
    problems: [400, 403, 404],
    handle: async ({ req, params, actor, services }) => ({ status: 201, body: { entry: await services.time.add(actor, params.id, req.body) } }),
  }),
  endpoint({
    method: 'delete',
    path: '/api/incidents/{id}/time/{entryId}',
    summary: 'Remove a time entry: one’s own; supervisors and admins any on incidents they work',
    request: { params: z.object({ id: z.string(), entryId: z.string() }) },
    responses: { 204: other('Removed') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      await services.time.remove(actor, params.id, params.entryId);
      return { status: 204 };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/reports/time',
    summary: 'Minutes spent per person in a period, on the incidents the reader works (supervisors, admins)',
    request: { query: reportPeriodParams },
    responses: { 200: json(timeReportSchema, 'Per person, most time first') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.time.report(actor, req.query) }),
  }),
];
