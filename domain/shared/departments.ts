// The department tree: a department and every department below it, the one way every rule
// reads it (the staff's scope, list filters, digests, analytics filters). The statements are
// in departmentRepository.ts.
import { type Database } from '../../infra/db';
import { departmentCodes, subtreeIds } from './departmentRepository';

/** The department subtree's ids, for readers outside SQL (digests, analytics filters). */
export const departmentSubtreeIds = (db: Database, code: string): Promise<string[]> => subtreeIds(db, code);

/** The codes of these departments, in code order. */
export const codesOfDepartments = (db: Database, ids: string[]): Promise<string[]> => departmentCodes(db, ids);
