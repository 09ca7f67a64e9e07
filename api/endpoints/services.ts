// What the endpoint handlers call: the domain services as createApp builds them.
import type { Client } from '@temporalio/client';
import type { Analytics } from '../../infra/clickhouse';
import type { Database } from '../../infra/db';
import type { AdminResource } from '../../domain/admin/resource';
import type { AttachmentService } from '../../domain/incidents/attachments';
import type { ClientService } from '../../domain/clients/clients';
import type { CommentService } from '../../domain/incidents/comments';
import type { TimeEntryService } from '../../domain/incidents/timeEntries';
import type { ChatReportService } from '../../domain/chat/report';
import type { SurveyService } from '../../domain/surveys/surveys';
import type { EmployeeDirectory } from '../../domain/people/employeeDirectory';
import type { HrAllowList } from '../../domain/people/hrAllowList';
import type { IncidentService } from '../../domain/incidents/incidents';
import type { BoardService } from '../../domain/incidents/board';
import type { PortalService } from '../../domain/requests/portal';
import type { QrService } from '../../domain/requests/qr';
import type { RequestClosing } from '../../domain/requests/closing';
import type { RequestEditing } from '../../domain/requests/editing';
import type { IncidentEditing } from '../../domain/incidents/editing';
import type { IncidentLinking } from '../../domain/incidents/links';
import type { MassIncidents } from '../../domain/incidents/mass';
import type { RequestJournal } from '../../domain/requests/journal';
import type { RequestService } from '../../domain/requests/intake';
import type { InboundMessages } from '../../domain/intake/held';
import type { SyncAdmin } from '../../domain/sync/admin';
import type { NotificationTemplates } from '../../domain/notifications/templateStore';
import type { NotificationRules } from '../../domain/notifications/ruleStore';
import type { LiveUpdates } from '../liveUpdates';
import type { CallService } from '../../domain/telephony/calls';
import type { TelegramBotRunner } from '../../domain/telegram/runner';
import type { TelegramLinkIssuer } from '../../domain/telegram/issuing';
import type { ChatService } from '../../domain/chat/conversations';
import type { ChatFiles } from '../../domain/chat/files';
import type { ShiftService } from '../../domain/chat/shifts';
import type { VisitorTokens } from '../../domain/chat/visitors';
import type { ChatHub } from '../chatHub';
import type { ReceiptBook } from '../../domain/sms/receipts';
import type { SmsInbound } from '../../domain/intake/smsInbound';
import { declare } from '../contract/endpoint';

export interface Services {
  db: Database;
  temporal: Client;
  analytics: { ch: Analytics; database: string };
  incidents: IncidentService;
  board: BoardService;
  live: LiveUpdates;
  requests: RequestService;
  journal: RequestJournal;
  closing: RequestClosing;
  editing: RequestEditing;
  incidentEditing: IncidentEditing;
  linking: IncidentLinking;
  mass: MassIncidents;
  clients: ClientService;
  comments: CommentService;
  time: TimeEntryService;
  chatReport: ChatReportService;
  surveys: SurveyService;
  attachments: AttachmentService;
  directory: EmployeeDirectory;
  allowList: HrAllowList;
  templates: NotificationTemplates;
  notificationRules: NotificationRules;
  adminTables: ReadonlyMap<string, AdminResource>;
  qr: QrService;
  portal: PortalService;
  /** Calls from the PBX, and the webhook's shared secret (TELEPHONY_WEBHOOK_SECRET; empty: the webhook accepts nothing). */
  telephony: { calls: CallService; webhookSecret: string };
  inbound: InboundMessages;
  sync: SyncAdmin;
  /** The Telegram bot (null when TELEGRAM_BOT_TOKEN is empty) and its one-time links. */
  telegram: { bot: TelegramBotRunner | null; links: TelegramLinkIssuer };
  /** Live chat: conversations, their files, shifts, visitor tokens and the fan-out hub (long polls wait on it). */
  chat: { service: ChatService; files: ChatFiles; shifts: ShiftService; tokens: VisitorTokens; hub: ChatHub };
  /** The HTTP SMS provider's callbacks: receipts, incoming SMS, and their shared secret (SMS_HTTP_CALLBACK_SECRET; empty: they accept nothing). */
  sms: { receipts: ReceiptBook; inbound: SmsInbound; callbackSecret: string };
}

/** Declares one endpoint whose handler calls these services. */
export const endpoint = declare<Services>();
