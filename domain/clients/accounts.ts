// The link between a Keycloak account and the client record that is that person: the source
// of requester access (access/repository.ts). It is made once and never follows contact data
// that staff edit afterwards: when a newcomer with a verified e-mail is first admitted (to the
// one unlinked client record carrying that e-mail, if exactly one does), when the account's own
// request makes its client record, or by the demo seed. Setting a client's e-mail to your own
// later links nothing, and neither does setting it to a colleague-to-be's address before their
// first sign-in: only an e-mail the record was created with links (ClientEmail.addedAt).
import type { Database } from '../../infra/db';
import { audit } from '../shared/audit';
import type { Actor } from '../access/identity';
import { linkAccount, linkedClient, unlinkedClientsWithEmail } from './repository';

/** The client record linked to this account, if any. */
export async function linkedClientId(db: Database, accountId: string): Promise<string | null> {
  return (await linkedClient(db, accountId).executeTakeFirst())?.id ?? null;
}

/** At a newcomer's first admission: links the account to the client record of its verified e-mail, once. */
export async function linkClientOnce(db: Database, actor: Actor): Promise<void> {
  if (!actor.emailVerified || !actor.email || (await linkedClientId(db, actor.id))) return;
  const owners = await unlinkedClientsWithEmail(db, actor.email.toLowerCase());
  if (owners.length !== 1) return; // none, or ambiguous: an operator files for them
  const clientId = owners[0]!;
  await db.transaction().execute(async (trx) => {
    if (await linkAccount(trx, clientId, actor.id))
      await audit(trx, { entityType: 'client', entityId: clientId, actorId: actor.id, action: 'client.account-linked', after: { accountId: actor.id } });
  });
}
