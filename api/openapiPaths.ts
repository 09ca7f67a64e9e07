// The API areas that register their own OpenAPI paths: one line per area.
import type { PathRegistrar } from './openapiKit';
import { registerJournalPaths } from './openapiJournal';
import { registerEmployeePaths } from './openapiEmployees';
import { registerSelfRegistrationPaths } from './openapiSelfRegistration';

export const morePaths: PathRegistrar[] = [registerJournalPaths, registerEmployeePaths, registerSelfRegistrationPaths];
