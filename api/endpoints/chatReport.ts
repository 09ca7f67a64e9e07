// The chat report (domain/chat/report.ts): per agent and overall, over a period.
import { json } from '../contract/endpoint';
import { chatReportSchema } from '../../domain/chat/report';
import { reportPeriodParams } from '../../domain/shared/reportPeriod';
import { endpoint } from './services';

export const chatReportEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/reports/chat',
    summary: 'Chat per agent and overall in a period: time on shift, handled, first-response, handling and waiting times (supervisors, admins)',
    description: 'A supervisor reads the conversations of their department subtree and the shifts of its people; an admin everything.',
    request: { query: reportPeriodParams },
    responses: { 200: json(chatReportSchema.openapi('ChatReport'), 'Agents with the most conversations handled first') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.chatReport.report(actor, req.query) }),
  }),
];
