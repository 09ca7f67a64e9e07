// An incident as the API returns it. Pure types: the web app imports them too.
import type { AccessLevel } from '../access/levels';
import type { Priority } from '../process/types';
import { versionTag } from '../shared/etag';
import type { Action, IncidentStatus } from '../process/states';

export interface IncidentView {
  id: string;
  requestId: string;
  title: string;
  status: IncidentStatus;
  priority: Priority;
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
  /** What the reader may do now: the status's actions their access level allows. */
  allowedActions: Action[];
  /** The reader's level on this incident: staff work it, its requester follows it, an observer reads. */
  access: AccessLevel;
  department: { code: string; name: string };
  service: { code: string; name: string };
  client: { name: string; phone: string };
  channel: string;
  /** What the reporter picked (QR reports, asset-linked requests). */
  problemType: string | null;
  /** The device the request is about. */
  asset: { name: string; location: string } | null;
  orderId: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** The version of an incident for ETag / If-Match: its last change. */
export const incidentEtag = (i: Pick<IncidentView, 'updatedAt'>): string => versionTag(i);
