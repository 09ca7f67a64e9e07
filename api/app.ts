// The Express application: API, auth, metrics and the SvelteKit web build on one origin.
import path from 'node:path';
import fs from 'node:fs';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Db } from '../infra/db';
import type { Analytics } from '../infra/clickhouse';
import { registry } from '../infra/metrics';
import { RequestService } from '../domain/requests/intake';
import { RequestClosing } from '../domain/requests/closing';
import { RequestJournal } from '../domain/requests/journal';
import { EmployeeDirectory } from '../domain/people/employeeDirectory';
import { KeycloakAdmin } from '../infra/keycloakAdmin';
import { employeeRoutes } from './routes/employees';
import { IncidentService } from '../domain/incidents/incidents';
import { TemporalProcess } from '../workflows/client';
import { Oidc } from './auth/oidc';
import { Sessions } from './auth/sessions';
import { admitActor, authenticate, requireActor } from './auth/middleware';
import { AccountGate } from '../domain/people/accountGate';
import { hrDirectoryFrom } from '../domain/adapters/hrDirectory';
import { HrAllowList } from '../domain/people/hrAllowList';
import { selfRegistrationRoutes } from './routes/selfRegistration';
import { notificationTemplateRoutes } from './routes/notificationTemplates';
import { NotificationTemplates } from '../domain/notifications/templateStore';
import { adminRoutes } from './routes/admin';
import { workspaceRoutes } from './routes/workspace';
import { idempotentCreate } from './idempotency';
import { clientRoutes } from './routes/clients';
import { qrRoutes } from './routes/qr';
import { portalRoutes } from './routes/portal';
import { PortalService } from '../domain/requests/portal';
import { QrService } from '../domain/requests/qr';
import { ClientService } from '../domain/clients/clients';
import { CommentService } from '../domain/incidents/comments';
import { AttachmentService } from '../domain/incidents/attachments';
import { adminResources } from '../domain/admin';
import { authRoutes } from './auth/routes';
import { requestRoutes } from './routes/requests';
import { incidentRoutes } from './routes/incidents';
import { meRoutes } from './routes/me';
import { analyticsRoutes } from './routes/analytics';
import { catalogRoutes } from './routes/catalog';
import { reportRoutes } from './routes/reports';
import { health } from './health';
import { buildOpenApi } from './openapi';
import { httpMetrics } from './httpMetrics';
import { registerBacklogMetrics } from './backlogMetrics';
import { LiveUpdates } from './liveUpdates';
import { problemHandler, sendProblem } from './problem';
import { log } from '../infra/logger';

export interface AppDeps {
  config: Config;
  db: Db;
  temporal: Client;
  analytics: Analytics;
}

export function createApp({ config, db, temporal, analytics }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const process = new TemporalProcess(temporal, config.TEMPORAL_TASK_QUEUE);
  const oidc = new Oidc(config);
  const sessions = new Sessions(db, config.SESSION_SECRET, config.SESSION_TTL_HOURS);
  const openapi = buildOpenApi(config.PUBLIC_URL);

  app.use(httpMetrics);
  registerBacklogMetrics(db);
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.get('/api/health', async (_req, res) => {
    const report = await health(db, temporal, analytics);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use(cookieParser());
  app.use(express.json({ limit: '256kb' }));
  const gate = new AccountGate(db, hrDirectoryFrom(db, config));
  app.use(authRoutes(db, oidc, sessions, gate, config.PUBLIC_URL.startsWith('https:')));
  app.use('/api', authenticate(oidc, sessions), requireActor, admitActor(gate));
  // Create calls without an idempotency of their own honour Idempotency-Key here.
  app.post(['/api/incidents/:id/comments', '/api/admin/:table'], idempotentCreate(db));
  app.use(meRoutes());
  app.use(catalogRoutes(db));
  const journal = new RequestJournal(db);
  app.use(clientRoutes(new ClientService(db, (actor, clientId) => journal.ofClient(actor, clientId))));
  app.use(selfRegistrationRoutes(new HrAllowList(db)));
  app.use(notificationTemplateRoutes(new NotificationTemplates(db)));
  app.use(adminRoutes(adminResources(db)));
  app.use(employeeRoutes(new EmployeeDirectory(db, new KeycloakAdmin(config.OIDC_ISSUER, config.SERVICE_CLIENT_ID, config.SERVICE_CLIENT_SECRET))));
  const requestService = new RequestService(db, process);
  app.use(requestRoutes(requestService, journal, new RequestClosing(journal, process)));
  app.use(qrRoutes(new QrService(db, requestService, config.PUBLIC_URL)));
  app.use(portalRoutes(new PortalService(db, requestService)));
  const incidents = new IncidentService(db, process);
  const live = new LiveUpdates(config.DATABASE_URL, incidents);
  live.start().catch((error: unknown) => log.warn('live updates unavailable', { error: String(error) }));
  app.use(live.routes()); // before /api/incidents/:id
  app.use(incidentRoutes(incidents));
  app.use(
    workspaceRoutes(
      db,
      incidents,
      new CommentService(db, incidents),
      new AttachmentService(db, incidents, config.ATTACHMENTS_DIR, config.ATTACHMENT_MAX_BYTES),
    ),
  );
  app.use(analyticsRoutes(analytics, config.CLICKHOUSE_DATABASE, incidents, db));
  app.use(reportRoutes(analytics, config.CLICKHOUSE_DATABASE, db));
  app.use('/api', (req, res) => sendProblem(res, 404, 'Not Found', `no API route ${req.method} ${req.originalUrl}`));

  const web = path.resolve(config.WEB_BUILD_DIR);
  if (fs.existsSync(path.join(web, 'index.html'))) {
    app.use(express.static(web, { index: false, maxAge: '1h', setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff') }));
    app.get('*', (_req, res) => res.sendFile(path.join(web, 'index.html')));
  }
  app.use(problemHandler);
  return app;
}
