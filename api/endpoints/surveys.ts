// Satisfaction surveys (domain/surveys): the page of a closing message's link, signed so it needs
// no sign-in; the requester's answer from the portal; the report for supervisors and admins.
import { z } from 'zod';
import { json } from '../contract/endpoint';
import { surveyAnswerSchema, surveyReportSchema, surveyViewSchema } from '../../domain/surveys/surveys';
import { reportPeriodParams } from '../../domain/shared/reportPeriod';
import { endpoint } from './services';

const view = surveyViewSchema.openapi('Survey');
const tokenParam = z.object({ token: z.string().max(100) });

export const surveyEndpoints = [
  endpoint({
    method: 'get',
    path: '/api/surveys/{token}',
    summary: 'The survey of a closed request, by the signed token of its closing message (no sign-in)',
    access: 'anyone',
    request: { params: tokenParam },
    responses: { 200: json(view, 'The request rated, and whether it may be answered') },
    problems: [404],
    handle: async ({ params, services }) => ({ status: 200, body: await services.surveys.get(params.token) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/surveys/{token}',
    summary: 'Answer the survey by its signed token: the score, then optionally a comment (no sign-in)',
    access: 'anyone',
    request: { params: tokenParam, body: surveyAnswerSchema },
    responses: { 200: json(view, 'Answered') },
    problems: [400, 404, 409],
    handle: async ({ req, params, services }) => ({ status: 200, body: await services.surveys.answerByLink(params.token, req.body) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/requests/{id}/survey',
    summary: 'The requester rates their closed request from the portal',
    request: { params: z.object({ id: z.string() }), body: surveyAnswerSchema },
    responses: { 200: json(view, 'Answered') },
    problems: [400, 403, 404, 409],
    handle: async ({ req, params, actor, services }) => ({ status: 200, body: await services.surveys.answerAsRequester(actor, params.id, req.body) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/reports/satisfaction',
    summary: 'Satisfaction answers in a period per score, their average and the latest low ones, on the incidents the reader works',
    request: { query: reportPeriodParams },
    responses: { 200: json(surveyReportSchema, 'The answers') },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.surveys.report(actor, req.query) }),
  }),
];
