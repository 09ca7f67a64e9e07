// Deep links that link a client's Telegram chat: to the signed-in person for their own client
// record (the portal), or by staff for a client (the client's card), who hand it over.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import type { Actor } from '../access/identity';
import { mayIssueTelegramLinkForClient } from '../access/telegram';
import { linkedClientId } from '../clients/accounts';
import { conflict, notFound } from '../shared/errors';
import { liveClient } from './telegramRepository';
import type { TelegramBotRunner } from './runner';

export const telegramLinkSchema = z.object({
  url: z.string().url().describe('t.me/<bot>?start=<one-time token>: opening it in Telegram links that chat to the client'),
  expiresAt: z.string().datetime(),
});
export type TelegramLink = z.infer<typeof telegramLinkSchema>;

export class TelegramLinkIssuer {
  constructor(
    private readonly db: Database,
    /** The running bot; null when the desk has no bot (TELEGRAM_BOT_TOKEN empty). */
    private readonly bot: TelegramBotRunner | null,
  ) {}

  async forMe(actor: Actor): Promise<TelegramLink> {
    const clientId = await linkedClientId(this.db, actor.id);
    if (!clientId) throw notFound('a client record of your account');
    return this.issue(clientId);
  }

  async forClient(actor: Actor, clientId: string): Promise<TelegramLink> {
    mayIssueTelegramLinkForClient(actor);
    if (!(await liveClient(this.db, clientId))) throw notFound(`client ${clientId}`);
    return this.issue(clientId);
  }

  private async issue(clientId: string): Promise<TelegramLink> {
    const username = this.bot?.username();
    if (!username) throw conflict('the desk has no Telegram bot running (TELEGRAM_BOT_TOKEN, docs/telegram.md)');
    const { token, expiresAt } = await this.bot!.links.issueDeepLink(clientId);
    return { url: `https://t.me/${username}?start=${token}`, expiresAt: expiresAt.toISOString() };
  }
}
