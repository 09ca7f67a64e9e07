// Who may hand a client a one-time Telegram link (domain/telegram/issuing.ts): staff, from any
// client's card (as they may edit any client); anyone signed in, for the client record linked
// to their own account (Client.accountId, never contact data staff edit).
import { forbidden } from '../shared/errors';
import { isStaff, type Actor } from './identity';

export function mayIssueTelegramLinkForClient(actor: Actor): void {
  if (!isStaff(actor)) throw forbidden("Telegram links for a client's record are issued by staff");
}
