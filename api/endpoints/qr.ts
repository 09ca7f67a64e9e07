// Asset labels (QR images, token rotation), the routing preview, the public QR page and the
// client portal.
import { z } from 'zod';
import { qrAssetViewSchema, qrReportSchema, routePreviewSchema } from '../../domain/requests/qr';
import { portalRequestSchema } from '../../domain/requests/portal';
import { json, other } from '../contract/endpoint';
import { filedReply } from '../filedResponse';
import { filedRequest, idParam } from './common';
import { endpoint } from './services';

const qrPage = qrAssetViewSchema.openapi('QrPage');
const token = z.object({ token: z.string() });
const filed = z.object({ request: filedRequest });
const filedResponses = { 201: json(filed, 'Filed'), 200: json(filed, 'The same key again: the request filed then') };
const IMAGE_TYPES = { png: 'image/png', svg: 'image/svg+xml' } as const;

const labelEndpoint = (format: keyof typeof IMAGE_TYPES) =>
  endpoint({
    method: 'get',
    path: `/api/admin/assets/{id}/qr.${format}`,
    summary: `The asset's QR label as ${format.toUpperCase()} (admins, supervisors); it encodes PUBLIC_URL/q/<token>`,
    request: { params: idParam },
    responses: { 200: other('The image', { [IMAGE_TYPES[format]]: z.string() }) },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => {
      const image = await services.qr.image(actor, params.id, format);
      return { sent: (res) => void res.type(IMAGE_TYPES[format]).setHeader('Cache-Control', 'private, no-store').send(image) };
    },
  });

export const qrEndpoints = [
  labelEndpoint('png'),
  labelEndpoint('svg'),
  endpoint({
    method: 'post',
    path: '/api/admin/assets/{id}/rotate-token',
    summary: 'Give the asset a new QR token: the printed label stops working (admins)',
    request: { params: idParam },
    responses: { 200: json(z.object({ qrToken: z.string(), url: z.string().url() }), 'The new token and label URL') },
    problems: [403, 404],
    handle: async ({ params, actor, services }) => ({ status: 200, body: await services.qr.rotate(actor, params.id) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/admin/routing-rules/preview',
    summary: 'Which rule and department would take a request of this kind (admins, supervisors)',
    request: { query: routePreviewSchema },
    responses: {
      200: json(
        z.object({
          rule: z
            .object({
              id: z.string(),
              serviceClass: z.string().nullable(),
              serviceType: z.string().nullable(),
              problemType: z.string().nullable(),
              priority: z.number(),
            })
            .nullable(),
          department: z.object({ code: z.string(), name: z.string() }).nullable(),
        }),
        'The winner',
      ),
    },
    problems: [400, 403],
    handle: async ({ req, actor, services }) => ({ status: 200, body: await services.qr.preview(actor, req.query) }),
  }),
  endpoint({
    method: 'get',
    path: '/api/qr/{token}',
    summary: 'The page behind a QR label (any signed-in person): the device, its problem types and open tickets',
    request: { params: token },
    responses: { 200: json(qrPage, 'The device') },
    problems: [404],
    handle: async ({ params, services }) => ({ status: 200, body: await services.qr.page(params.token) }),
  }),
  endpoint({
    method: 'post',
    path: '/api/qr/{token}/reports',
    summary: 'Report a problem with the device for yourself (channel QR); routing rules pick the department; Idempotency-Key honoured',
    request: { params: token, body: qrReportSchema },
    idempotencyKey: 'service',
    responses: filedResponses,
    problems: [400, 404, 409, 429],
    handle: async ({ req, params, actor, services, header }) => filedReply(await services.qr.report(actor, params.token, req.body, header('Idempotency-Key'))),
  }),
  endpoint({
    method: 'post',
    path: '/api/portal/requests',
    summary: 'File a request for yourself over the web (client portal; channel WEB); Idempotency-Key honoured',
    request: { body: portalRequestSchema },
    idempotencyKey: 'service',
    responses: filedResponses,
    problems: [400, 409, 429],
    handle: async ({ req, actor, services, header }) => filedReply(await services.portal.file(actor, req.body, header('Idempotency-Key'))),
  }),
];
