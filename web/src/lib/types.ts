// Names for the shapes the API returns: each one is taken from the types generated from the
// server's endpoint declarations (api-types.ts), never written by hand.
import type { components } from './api-types';
import type { Answer } from './api';

export { INCIDENT_STATUSES as STATUSES, REQUEST_STATUSES, type Action, type IncidentStatus as Status } from '../../../domain/process/states';
export { PRIORITIES, type Priority } from '../../../domain/process/types';

type Schemas = components['schemas'];
export type Incident = Schemas['Incident'];
export type RequestView = Schemas['JournalRequest'];
export type ClientCard = Schemas['ClientCard'];
export type Client = Schemas['Client'];
export type Comment = Schemas['Comment'];
export type Attachment = Schemas['Attachment'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type QrPage = Schemas['QrPage'];
export type NotificationTemplate = Schemas['NotificationTemplate'];
export type InboundMessage = Schemas['InboundMessage'];
export type SyncMapping = Schemas['SyncMapping'];
export type SyncHeldValue = Schemas['SyncHeldValue'];
export type SyncSystemStatus = Schemas['SyncSystemStatus'];
export type HrAllowListEntry = Schemas['HrAllowListEntry'];
export type PendingAccount = Schemas['PendingAccount'];
export type CallCard = Schemas['CallCard'];
export type Call = Schemas['Call'];
export type ChatConversation = Schemas['ChatConversation'];
export type ChatMessage = Schemas['ChatMessage'];
export type ChatShift = Schemas['ChatShift'];
export type ChatTransferTargets = Schemas['ChatTransferTargets'];
export type ChatAgentSettings = Schemas['ChatAgentSettings'];
export type BoardChats = Schemas['BoardChats'];
export type Me = Answer<'/api/me', 'GET'>;
export type MySettings = Answer<'/api/me/settings', 'GET'>;
export type CatalogEntry = Answer<'/api/services', 'GET'>['items'][number];
export type ReportSummary = Answer<'/api/reports/summary', 'GET'>;

export const isStaff = (me: Me) => me.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin');

/** The channels an operator files a request from (QR and the enterprise bus file by themselves). */
export const OPERATOR_CHANNELS = ['PHONE', 'EMAIL', 'TELEGRAM', 'SMS', 'CHAT', 'WEB'] as const;
