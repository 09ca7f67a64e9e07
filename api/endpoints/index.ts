// Every declared endpoint, in the order Express tries them. Each one is both a route
// (contract/express.ts) and an OpenAPI path (contract/document.ts).
import type { Endpoint } from '../contract/endpoint';
import { adminEndpoints } from './admin';
import { analyticsEndpoints } from './analytics';
import { boardEndpoints } from './board';
import { clientEndpoints } from './clients';
import { employeeEndpoints } from './employees';
import { healthEndpoints } from './health';
import { inboundEndpoints } from './inbound';
import { incidentEndpoints } from './incidents';
import { incidentEditingEndpoints } from './incidentEditing';
import { meEndpoints } from './me';
import { qrEndpoints } from './qr';
import { requestEndpoints } from './requests';
import { requestEditingEndpoints } from './requestEditing';
import type { Services } from './services';
import { selfRegistrationEndpoints } from './selfRegistration';
import { telephonyEndpoints } from './telephony';
import { templateEndpoints } from './templates';
import { workspaceEndpoints } from './workspace';

export const ENDPOINTS: readonly Endpoint<Services>[] = [
  ...healthEndpoints,
  ...meEndpoints,
  ...telephonyEndpoints,
  ...clientEndpoints,
  ...selfRegistrationEndpoints,
  ...templateEndpoints,
  ...adminEndpoints,
  ...employeeEndpoints,
  ...requestEndpoints,
  ...requestEditingEndpoints,
  ...qrEndpoints,
  ...boardEndpoints,
  ...incidentEndpoints,
  ...incidentEditingEndpoints,
  ...workspaceEndpoints,
  ...analyticsEndpoints,
  ...inboundEndpoints,
];
