// A service request as the journal API returns it. Pure types: the web app imports them too.
import type { AccessLevel } from '../access/levels';
import type { RequestStatus } from '../process/states';
import type { Priority } from '../process/types';

export interface RequestView {
  id: string;
  status: RequestStatus;
  channel: string;
  description: string;
  priority: Priority;
  closeReason: string | null;
  externalOrderId: string | null;
  client: { id: string; name: string; phone: string };
  service: { code: string; name: string };
  department: { code: string; name: string };
  assignee: { id: string; name: string } | null;
  incident: { id: string; status: string; priority: string; title: string } | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The reader's level on this request (access/levels.ts). */
  access: AccessLevel;
}
