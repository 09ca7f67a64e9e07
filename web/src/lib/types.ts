// Shapes the API returns (see /api/openapi.json).
export const STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT', 'RESOLVED', 'CLOSED'] as const;
export type Status = (typeof STATUSES)[number];
export type Action = 'assign' | 'start' | 'waitForClient' | 'resume' | 'resolve' | 'reopen' | 'close' | 'setPriority' | 'unlink';

export interface Me {
  id: string;
  username: string;
  fullName: string;
  email: string;
  roles: string[];
  department: string | null;
  locale: string | null;
}

export interface Incident {
  id: string;
  requestId: string;
  title: string;
  status: Status;
  priority: string;
  assigneeId: string | null;
  assigneeName: string | null;
  unlinked: boolean;
  sla: {
    responseDueAt: string | null;
    resolutionDueAt: string | null;
    responseWarned: boolean;
    responseBreached: boolean;
    resolutionWarned: boolean;
    resolutionBreached: boolean;
  };
  allowedActions: Action[];
  department: { code: string; name: string };
  service: { code: string; name: string };
  client: { name: string; phone: string };
  channel: string;
  orderId: string | null;
  resolution: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface CatalogEntry {
  code: string;
  name: string;
  department: { code: string; name: string };
}

export const isStaff = (me: Me) => me.roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin');
