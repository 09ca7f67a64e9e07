// The link between a Keycloak account and the client record that is that person: the source
// of requester access (access/scope.ts). It is made once and never follows contact data that
// staff edit afterwards: when a newcomer with a verified e-mail is first admitted (to the one
// unlinked client record carrying that e-mail, if exactly one does), when the account's own
// request makes its client record, or by the demo seed. Setting a client's e-mail to your own
// later links nothing.
import type { Db } from '../../infra/db';
import { audit } from '../shared/audit';
import type { Actor } from '../access/identity';

/** The client record linked to this account, if any. */
export async function linkedClientId(db: Pick<Db, 'client'>, accountId: string): Promise<string | null> {
  return (await db.client.findFirst({ where: { accountId, deletedAt: null }, select: { id: true } }))?.id ?? null;
}

/** At a newcomer's first admission: links the account to the client record of its verified e-mail, once. */
export async function linkClientOnce(db: Db, actor: Actor): Promise<void> {
  if (!actor.emailVerified || !actor.email || (await linkedClientId(db, actor.id))) return;
  const email = actor.email.toLowerCase();
  const owners = await db.clientEmail.findMany({
    where: { email, client: { deletedAt: null, accountId: null } },
    select: { clientId: true },
    distinct: ['clientId'],
    take: 2,
  });
  if (owners.length !== 1) return; // none, or ambiguous: an operator files for them
  const clientId = owners[0]!.clientId;
  const linked = await db.client.updateMany({ where: { id: clientId, accountId: null }, data: { accountId: actor.id } });
  if (linked.count === 1)
    await audit(db, { entityType: 'client', entityId: clientId, actorId: actor.id, action: 'client.account-linked', after: { accountId: actor.id } });
}
