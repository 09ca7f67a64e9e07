// The open backlog per department, as the metrics and the board's header see it (the statement
// is in backlogRepository.ts).
import { type Database } from '../../infra/db';
import { backlogCounts, undeliveredEvents } from './backlogRepository';

export interface DepartmentBacklog {
  department: string; // department code
  open: number;
  atRisk: number; // an SLA clock past 75 %, none breached
  breached: number;
}

export async function backlogByDepartment(db: Database): Promise<DepartmentBacklog[]> {
  const rows = await backlogCounts(db);
  return rows.map((r) => ({ department: r.department, open: Number(r.open), atRisk: Number(r.at_risk), breached: Number(r.breached) }));
}

/** Lifecycle events in the analytics outbox not yet delivered. */
export const pendingOutboxEvents = (db: Database): Promise<number> => undeliveredEvents(db);
