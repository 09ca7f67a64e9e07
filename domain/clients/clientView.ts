// A client and their requests as the API returns them (the endpoints' schemas say the same).
import type { Lang } from '../shared/languages';

/** A client is a person or a company. */
export const CLIENT_KINDS = ['person', 'company'] as const;

export interface ClientView {
  id: string;
  name: string;
  kind: (typeof CLIENT_KINDS)[number];
  phone: string;
  phones: { phone: string; label: string }[];
  emails: { email: string; label: string }[];
  locale: Lang;
  telegramId: string | null;
  address: string | null;
  notes: string;
  externalId: string | null;
  slaContractId: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface ClientRequestSummary {
  id: string;
  status: string;
  description: string;
  service: string;
  serviceCode: string;
  createdAt: string;
  incident: { id: string; status: string } | null;
}

/** GET /api/clients/lookup, GET /api/clients/:id */
export interface ClientCard {
  client: ClientView;
  requests: ClientRequestSummary[];
}
