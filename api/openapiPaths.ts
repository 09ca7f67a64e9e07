// The API areas that register their own OpenAPI paths: one line per area.
import type { PathRegistrar } from './openapiKit';
import { registerJournalPaths } from './openapiJournal';
import { registerEmployeePaths } from './openapiEmployees';
import { registerSelfRegistrationPaths } from './openapiSelfRegistration';
import { registerTemplatePaths } from './openapiTemplates';
import { adminPaths } from './openapiAdmin';
import { registerWorkspacePaths } from './openapiWorkspace';
import { registerClientPaths } from './openapiClients';
import { registerQrPaths } from './openapiQr';
import { adminResources } from '../domain/admin';
import type { Db } from '../infra/db';

export const morePaths: PathRegistrar[] = [
  registerJournalPaths,
  registerEmployeePaths,
  registerSelfRegistrationPaths,
  registerTemplatePaths,
  registerWorkspacePaths,
  registerClientPaths,
  registerQrPaths,
  adminPaths(adminResources({} as Db)), // schemas only: no query runs here
];
