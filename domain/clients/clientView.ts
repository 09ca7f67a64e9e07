// A client and their requests as the API returns them. Pure types: the web app imports them too.
export interface ClientView {
  id: string;
  name: string;
  kind: string;
  phone: string;
  phones: { phone: string; label: string }[];
  emails: { email: string; label: string }[];
  locale: string;
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
