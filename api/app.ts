// The Express application: API, auth, metrics and the SvelteKit web build on one origin.
import type { Server } from 'node:http';
import { ChatService } from '../domain/chat/conversations';
import { ShiftService } from '../domain/chat/shifts';
import { VisitorTokens } from '../domain/chat/visitors';
import { ChatHub } from './chatHub';
import { chatWidgetRoutes } from './chatWidget/routes';
import { attachChatSocket, type ChatSocketDeps } from './chatSocket';
import { InboundMessages } from '../domain/intake/held';
import { SyncAdmin } from '../domain/sync/admin';
import path from 'node:path';
import fs from 'node:fs';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Client } from '@temporalio/client';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import type { Analytics } from '../infra/clickhouse';
import { RequestService } from '../domain/requests/intake';
import { RequestClosing } from '../domain/requests/closing';
import { RequestEditing } from '../domain/requests/editing';
import { IncidentEditing } from '../domain/incidents/editing';
import { IncidentLinking } from '../domain/incidents/links';
import { MassIncidents } from '../domain/incidents/mass';
import { RequestJournal } from '../domain/requests/journal';
import { EmployeeDirectory } from '../domain/people/employeeDirectory';
import { KeycloakAdmin } from '../infra/keycloakAdmin';
import { BoardService } from '../domain/incidents/board';
import { IncidentService } from '../domain/incidents/incidents';
import { TemporalProcess } from '../workflows/client';
import { TemporalChatDistribution } from '../workflows/chatClient';
import { Oidc } from './auth/oidc';
import { Sessions } from './auth/sessions';
import { authCookies } from './auth/cookies';
import { sameOriginChanges } from './auth/sameOrigin';
import { admitActor, authenticate, identifier, requireActor, stillAdmitted } from './auth/middleware';
import { securityHeaders } from './securityHeaders';
import { AccountGate } from '../domain/people/accountGate';
import { hrDirectoryFrom } from '../domain/adapters/hrDirectory';
import { HrAllowList } from '../domain/people/hrAllowList';
import { NotificationTemplates } from '../domain/notifications/templateStore';
import { PortalService } from '../domain/requests/portal';
import { QrService } from '../domain/requests/qr';
import { ClientService } from '../domain/clients/clients';
import { CallService } from '../domain/telephony/calls';
import { AmiConnector } from '../domain/telephony/ami/connector';
import { CommentService } from '../domain/incidents/comments';
import { TimeEntryService } from '../domain/incidents/timeEntries';
import { ChatReportService } from '../domain/chat/report';
import { SurveyService } from '../domain/surveys/surveys';
import { AttachmentService } from '../domain/incidents/attachments';
import { ChatFiles } from '../domain/chat/files';
import { authRoutes } from './auth/routes';
import { methodNotAllowed, routerOf } from './contract/express';
import { rejectNulBytes } from './nulBytes';
import { idempotentCreate } from './idempotency';
import { ENDPOINTS } from './endpoints';
import type { Services } from './endpoints/services';
import { buildOpenApi } from './openapi';
import { httpMetrics } from './httpMetrics';
import { registerBacklogMetrics } from './backlogMetrics';
import { LiveUpdates } from './liveUpdates';
import { RateLimits } from './rateLimits';
import { problemHandler, sendProblem } from './problem';
import { adminResources } from '../domain/admin';
import { ChannelIntake, channelIntakeSettings } from '../domain/intake/intake';
import { TelegramLinkIssuer } from '../domain/telegram/issuing';
import type { TelegramBotRunner } from '../domain/telegram/runner';
import { telegramBotOf } from './telegramBot';
import { NotificationRules } from '../domain/notifications/ruleStore';
import { ReceiptBook } from '../domain/sms/receipts';
import { SmsInbound } from '../domain/intake/smsInbound';

export interface AppDeps {
  config: Config;
  db: Database;
  temporal: Client;
  analytics: Analytics;
}

/** What SIGTERM must end besides the server (api/main.ts): the live board's streams and its LISTEN connection, the AMI connector. */
export const stopApp = async (app: Express): Promise<void> => {
  await (app.locals.chatSocketStop as (() => Promise<void>) | undefined)?.();
  (app.locals.chatHub as ChatHub | undefined)?.stop();
  await (app.locals.ami as AmiConnector | undefined)?.stop();
  await (app.locals.telegram as TelegramBotRunner | undefined)?.stop();
  await (app.locals.live as LiveUpdates).stop();
};

/** Serves the chat's WebSocket on the app's HTTP server (api/main.ts, and test servers). */
export function attachChat(app: Express, server: Server): void {
  app.locals.chatSocketStop = attachChatSocket(server, app.locals.chatSocketDeps as ChatSocketDeps);
}

export function createApp({ config, db, temporal, analytics }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const process = new TemporalProcess(temporal, config.TEMPORAL_TASK_QUEUE);
  const chatDistribution = new TemporalChatDistribution(temporal, config.TEMPORAL_TASK_QUEUE);
  const oidc = new Oidc(config);
  const sessions = new Sessions(
    db,
    {
      secret: config.SESSION_SECRET,
      ttlHours: config.SESSION_TTL_HOURS,
      idleMinutes: config.SESSION_IDLE_MINUTES,
      recheckMinutes: config.SESSION_RECHECK_MINUTES,
    },
    (refreshToken) => oidc.refresh(refreshToken),
  );
  const cookies = authCookies(config.PUBLIC_URL);
  const identify = identifier(oidc, sessions, cookies.session);
  const gate = new AccountGate(db, hrDirectoryFrom(db, config));
  const openapi = buildOpenApi(config.PUBLIC_URL);
  const web = path.resolve(config.WEB_BUILD_DIR);

  app.use(securityHeaders(config.PUBLIC_URL, config.OIDC_ISSUER, path.join(web, 'index.html')));
  app.use(httpMetrics);
  registerBacklogMetrics(db);
  // Served on the internal port (api/internalServer.ts); here a 404, not the web app's page.
  app.get('/metrics', (_req, res) => sendProblem(res, 404, 'Not Found', 'no public metrics'));
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  const incidents = new IncidentService(db, process);
  const linking = new IncidentLinking(db, incidents, process);
  const mass = new MassIncidents(db, linking);
  const requests = new RequestService(db, process, mass);
  const journal = new RequestJournal(db);
  const clients = new ClientService(db, (actor, clientId) => journal.ofClient(actor, clientId));
  const calls = new CallService(
    db,
    (actor, phone) => clients.lookup(actor, phone),
    (actor, requestId) => journal.get(actor, requestId),
  );
  const chatHub = new ChatHub(db);
  app.locals.chatHub = chatHub;
  const live = new LiveUpdates(
    config.DATABASE_URL,
    incidents,
    { everyMs: sessions.recheckMs, actorOf: stillAdmitted(identify, gate) },
    (actor, callId) => calls.card(actor, callId),
    {
      chat_changes: (payload) => {
        chatHub.heard(payload);
        // A stored chat message may be an answer to carry to Telegram at once (the bot's pass catches up otherwise).
        if (payload.includes(' message:')) (app.locals.telegram as TelegramBotRunner | null | undefined)?.kick();
      },
    },
  );
  void live.start();
  app.locals.live = live;
  if (config.AMI_HOST) {
    const ami = new AmiConnector({ host: config.AMI_HOST, port: config.AMI_PORT, user: config.AMI_USER, secret: config.AMI_SECRET }, (event) =>
      calls.record(`ami:${config.AMI_HOST}`, event),
    );
    ami.start();
    app.locals.ami = ami;
  }
  const comments = new CommentService(db, incidents);
  const attachments = new AttachmentService(db, incidents, config.ATTACHMENTS_DIR, config.ATTACHMENT_MAX_BYTES, {
    files: config.ATTACHMENT_QUOTA_FILES,
    bytes: config.ATTACHMENT_QUOTA_BYTES,
  });
  const intake = new ChannelIntake(db, requests, comments, attachments, channelIntakeSettings(config));
  const directory = new EmployeeDirectory(db, new KeycloakAdmin(config.OIDC_ISSUER, config.SERVICE_CLIENT_ID, config.SERVICE_CLIENT_SECRET));
  const chatService = new ChatService(
    db,
    { maxChars: config.CHAT_MESSAGE_MAX_CHARS, floodPerMinute: config.CHAT_FLOOD_PER_MINUTE },
    { seen: (actor, requestId) => journal.get(actor, requestId), file: (actor, body, key) => requests.file(actor, body, key) },
    chatDistribution,
  );
  const chatFiles = new ChatFiles(db, attachments.files, chatService);
  const telegram = telegramBotOf(config, db, intake, { service: chatService, files: chatFiles });
  app.locals.telegram = telegram;
  const chat: Services['chat'] = {
    service: chatService,
    files: chatFiles,
    shifts: new ShiftService(db, chatDistribution),
    tokens: new VisitorTokens(config.SESSION_SECRET, config.CHAT_HOST_SECRET, config.CHAT_VISITOR_TOKEN_DAYS),
    hub: chatHub,
  };
  app.locals.chatSocketDeps = {
    db,
    chat: chat.service,
    hub: chatHub,
    tokens: chat.tokens,
    publicUrl: config.PUBLIC_URL,
    actorOf: stillAdmitted(identify, gate),
    recheckMs: sessions.recheckMs,
  } satisfies ChatSocketDeps;
  const services: Services = {
    db,
    temporal,
    analytics: { ch: analytics, database: config.CLICKHOUSE_DATABASE },
    incidents,
    board: new BoardService(db),
    live,
    requests,
    journal,
    closing: new RequestClosing(journal, process),
    clients,
    editing: new RequestEditing(db, journal, process),
    incidentEditing: new IncidentEditing(db, incidents),
    linking,
    mass,
    comments,
    time: new TimeEntryService(db, incidents),
    chatReport: new ChatReportService(db),
    surveys: new SurveyService(db, config.SESSION_SECRET),
    attachments,
    directory,
    allowList: new HrAllowList(db),
    templates: new NotificationTemplates(db),
    notificationRules: new NotificationRules(db),
    adminTables: new Map(adminResources(db, directory).map((table) => [table.path, table])),
    qr: new QrService(db, requests, config.PUBLIC_URL),
    portal: new PortalService(db, requests),
    telephony: { calls, webhookSecret: config.TELEPHONY_WEBHOOK_SECRET },
    inbound: new InboundMessages(db),
    sync: new SyncAdmin(db),
    telegram: { bot: telegram, links: new TelegramLinkIssuer(db, telegram) },
    chat,
    sms: {
      receipts: new ReceiptBook(db),
      inbound: new SmsInbound(db, intake, { serviceCode: config.SMS_INBOUND_SERVICE }, 'http-sms'),
      callbackSecret: config.SMS_HTTP_CALLBACK_SECRET,
    },
  };
  const replay = idempotentCreate(db);
  const open = ENDPOINTS.filter((e) => e.access === 'anyone');
  const signedIn = ENDPOINTS.filter((e) => e.access !== 'anyone');
  const limits = new RateLimits(config);
  app.use(limits.perIp); // before sign-in and authentication: counts by address
  app.use(cookieParser());
  app.use(['/api', '/auth'], sameOriginChanges(config.PUBLIC_URL, cookies.session));
  app.use(express.json({ limit: '256kb' }));
  app.use(rejectNulBytes);
  app.use(methodNotAllowed(ENDPOINTS));
  app.use(routerOf(open, services, replay)); // /api/health: before sign-in
  app.use(chatWidgetRoutes(db)); // the chat widget: host sites load it without signing in
  app.use(authRoutes(db, oidc, sessions, gate, cookies));
  app.use('/api', authenticate(identify), requireActor, admitActor(gate), limits.perPerson);
  app.use(routerOf(signedIn, services, replay));
  app.use('/api', (req, res) => sendProblem(res, 404, 'Not Found', `no API route ${req.method} ${req.originalUrl}`));

  if (fs.existsSync(path.join(web, 'index.html'))) {
    app.use(express.static(web, { index: false, maxAge: '1h' }));
    app.get('*', (_req, res) => res.sendFile(path.join(web, 'index.html')));
  }
  app.use(problemHandler);
  return app;
}
