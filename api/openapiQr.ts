// OpenAPI paths of asset labels, the routing preview, the public QR page and the client portal.
import { z } from 'zod';
import { qrReportSchema, routePreviewSchema } from '../domain/requests/qr';
import { portalRequestSchema } from '../domain/requests/portal';
import { json, problems, type PathRegistrar } from './openapiKit';

const qrPage = z
  .object({
    asset: z.object({ id: z.string().uuid(), name: z.string(), location: z.string(), service: z.string() }),
    problemTypes: z.array(z.object({ code: z.string(), nameRu: z.string(), nameEn: z.string() })),
    open: z.array(
      z.object({
        id: z.string().uuid(),
        problemType: z.string().nullable(),
        status: z.string(),
        incidentStatus: z.string().nullable(),
        createdAt: z.string().datetime(),
      }),
    ),
  })
  .openapi('QrPage');
const token = z.object({ token: z.string() });
const id = z.object({ id: z.string().uuid() });

export const registerQrPaths: PathRegistrar = (registry, security) => {
  registry.registerPath({
    method: 'post',
    path: '/api/portal/requests',
    summary: 'File a request for yourself over the web (client portal; channel WEB); Idempotency-Key honoured',
    security,
    request: { headers: z.object({ 'Idempotency-Key': z.string().optional() }), body: { content: { 'application/json': { schema: portalRequestSchema } } } },
    responses: {
      201: json(z.object({ request: z.object({ id: z.string().uuid(), status: z.string(), channel: z.string() }).passthrough() }), 'Filed'),
      ...problems(400, 401, 409),
    },
  });
  for (const format of ['png', 'svg'] as const) {
    registry.registerPath({
      method: 'get',
      path: `/api/admin/assets/{id}/qr.${format}`,
      summary: `The asset's QR label as ${format.toUpperCase()} (admins, supervisors); it encodes PUBLIC_URL/q/<token>`,
      security,
      request: { params: id },
      responses: {
        200: { description: 'The image', content: { [format === 'png' ? 'image/png' : 'image/svg+xml']: { schema: z.string() } } },
        ...problems(401, 403, 404),
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/admin/assets/{id}/rotate-token',
    summary: 'Give the asset a new QR token: the printed label stops working (admins)',
    security,
    request: { params: id },
    responses: { 200: json(z.object({ qrToken: z.string(), url: z.string().url() }), 'The new token and label URL'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/admin/routing-rules/preview',
    summary: 'Which rule and department would take a request of this kind (admins, supervisors)',
    security,
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
      ...problems(400, 401, 403),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/qr/{token}',
    summary: 'The page behind a QR label (any signed-in person): the device, its problem types and open tickets',
    security,
    request: { params: token },
    responses: { 200: json(qrPage, 'The device'), ...problems(401, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/qr/{token}/reports',
    summary: 'Report a problem with the device for yourself (channel QR); routing rules pick the department; Idempotency-Key honoured',
    security,
    request: {
      params: token,
      headers: z.object({ 'Idempotency-Key': z.string().optional() }),
      body: { content: { 'application/json': { schema: qrReportSchema } } },
    },
    responses: {
      201: json(z.object({ request: z.object({ id: z.string().uuid(), status: z.string(), channel: z.string() }).passthrough() }), 'Filed'),
      ...problems(400, 401, 404, 409),
    },
  });
};
