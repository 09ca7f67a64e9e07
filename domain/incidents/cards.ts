// Incident cards as the API returns them, from the rows of one statement (cardRepository.ts):
// the incident with its department, service, request, client, device, the assignee's name and
// the reader's access level (access/repository.ts). The board, search pages, the CSV export and
// every read of one incident read them through page.ts.
import type { CardRow } from './cardRepository';
import { actionsFor } from './actions';
import { allowedActions } from '../process/states';
import type { IncidentView } from './incidentView';
import { iso } from '../shared/iso';

/** The card of a row read by cardRepository.ts. */
export const cardView = (r: CardRow): IncidentView => ({
  id: r.id,
  requestId: r.requestId,
  title: r.title,
  description: r.description,
  status: r.status,
  priority: r.priority,
  assigneeId: r.assigneeId,
  assigneeName: r.assigneeId ? r.assigneeName : null,
  unlinked: r.unlinked,
  sla: {
    responseDueAt: iso(r.responseDueAt),
    resolutionDueAt: iso(r.resolutionDueAt),
    responseWarned: r.responseWarned,
    responseBreached: r.responseBreached,
    resolutionWarned: r.resolutionWarned,
    resolutionBreached: r.resolutionBreached,
  },
  allowedActions: actionsFor(r.access, allowedActions(r.status)),
  access: r.access,
  department: { code: r.departmentCode, name: r.departmentName },
  service: { code: r.serviceCode, name: r.serviceName },
  client: { name: r.clientName, phone: r.clientPhone },
  channel: r.channel,
  problemType: r.problemType,
  asset: r.assetName === null ? null : { name: r.assetName, location: r.assetLocation ?? '' },
  orderId: r.orderId,
  resolution: r.resolution,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  closedAt: iso(r.closedAt),
});
