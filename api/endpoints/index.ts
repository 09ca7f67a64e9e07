// Every declared endpoint, in the order Express tries them. Each one is both a route
// (contract/express.ts) and an OpenAPI path (contract/document.ts).
import type { Endpoint } from '../contract/endpoint';
import { adminEndpoints } from './admin';
import { analyticsEndpoints } from './analytics';
import { boardEndpoints } from './board';
import { chatEndpoints } from './chat';
import { chatReportEndpoints } from './chatReport';
import { clientEndpoints } from './clients';
import { employeeEndpoints } from './employees';
import { healthEndpoints } from './health';
import { homeEndpoints } from './home';
import { inboundEndpoints } from './inbound';
import { syncEndpoints } from './sync';
import { incidentEndpoints } from './incidents';
import { knowledgeEndpoints } from './knowledge';
import { incidentEditingEndpoints } from './incidentEditing';
import { incidentLinkEndpoints } from './incidentLinks';
import { meEndpoints } from './me';
import { qrEndpoints } from './qr';
import { requestEndpoints } from './requests';
import { requestEditingEndpoints } from './requestEditing';
import type { Services } from './services';
import { selfRegistrationEndpoints } from './selfRegistration';
import { surveyEndpoints } from './surveys';
import { telephonyEndpoints } from './telephony';
import { telegramEndpoints } from './telegram';
import { smsEndpoints } from './sms';
import { templateEndpoints } from './templates';
import { notificationRuleEndpoints } from './notificationRules';
import { timeTrackingEndpoints } from './timeTracking';
import { workspaceEndpoints } from './workspace';

export const ENDPOINTS: readonly Endpoint<Services>[] = [
  ...healthEndpoints,
  ...surveyEndpoints,
  ...meEndpoints,
  ...homeEndpoints,
  ...telephonyEndpoints,
  ...telegramEndpoints,
  ...smsEndpoints,
  ...clientEndpoints,
  ...selfRegistrationEndpoints,
  ...templateEndpoints,
  ...notificationRuleEndpoints,
  ...adminEndpoints,
  ...employeeEndpoints,
  ...requestEndpoints,
  ...requestEditingEndpoints,
  ...qrEndpoints,
  ...boardEndpoints,
  ...incidentEndpoints,
  ...incidentEditingEndpoints,
  ...incidentLinkEndpoints,
  ...workspaceEndpoints,
  ...timeTrackingEndpoints,
  ...chatReportEndpoints,
  ...knowledgeEndpoints,
  ...analyticsEndpoints,
  ...inboundEndpoints,
  ...syncEndpoints,
  ...chatEndpoints,
];
