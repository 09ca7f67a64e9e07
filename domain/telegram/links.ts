// Linking a Telegram chat to a client record, never by a typed phone number: by a one-time
// secret the client can only have through a channel that is already theirs.
//  - a deep link t.me/<bot>?start=<token>, issued in the portal to the signed-in client or by
//    staff from the client's card (who hand it over): 24 random bytes, valid 30 minutes;
//  - a 6-digit code mailed to an address of the client (the bot's /link <e-mail>), valid 10
//    minutes and only in the chat that asked for it.
// Only an HMAC of each secret is stored (keyed by the app's session secret, so a copy of the
// table alone cannot test guesses); each is used once. A chat may fail 5 times in 15 minutes,
// then it waits; a chat or a client may be sent 3 codes an hour (no mail bombing).
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';
import { log } from '../../infra/logger';
import { clientsByEmail } from '../clients/byEmail';
import { sendOnce, type NotificationChannel } from '../notifications/notifier';
import { countFailure, chatState, insertLinkSecret, linkChat, liveClient, secretsSince, takeLinkSecret } from './telegramRepository';
import { langOf, texts, type Lang } from './texts';

export const DEEP_LINK_MINUTES = 30;
export const CODE_MINUTES = 10;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MINUTES = 15;
export const CODES_PER_HOUR = 3;

export type Redeemed = 'linked' | 'refused' | 'locked';

export class TelegramLinks {
  constructor(
    private readonly db: Database,
    /** The key of the secrets' HMAC (SESSION_SECRET). */
    private readonly key: string,
    /** Carries the code mail (the desk's notification channel: e-mail). */
    private readonly channel: NotificationChannel,
  ) {}

  private hash(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('hex');
  }

  /** A deep-link token for the client: the caller has decided that it may be issued (domain/access). */
  async issueDeepLink(clientId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + DEEP_LINK_MINUTES * 60_000);
    await insertLinkSecret(this.db, { id: randomUUID(), clientId, kind: 'deeplink', hash: this.hash(`deeplink:${token}`), chatId: null, expiresAt });
    return { token, expiresAt };
  }

  /**
   * Mails a code to the address when exactly one client has it; the chat hears the same answer
   * whether or not one does, so the bot tells nobody who is a client.
   */
  async mailCode(chatId: string, email: string, lang: Lang): Promise<void> {
    const hourAgo = new Date(Date.now() - 3600_000);
    if ((await secretsSince(this.db, { chatId }, hourAgo)) >= CODES_PER_HOUR) return;
    const found = await clientsByEmail(this.db, email);
    if (found.length !== 1) return;
    const clientId = found[0]!;
    const client = await liveClient(this.db, clientId);
    if (!client || (await secretsSince(this.db, { clientId }, hourAgo)) >= CODES_PER_HOUR) return;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    await insertLinkSecret(this.db, {
      id,
      clientId,
      kind: 'code',
      hash: this.hash(`code:${chatId}:${code}`),
      chatId,
      expiresAt: new Date(Date.now() + CODE_MINUTES * 60_000),
    });
    const t = texts(langOf(client.locale, lang));
    await sendOnce(this.db, this.channel, {
      key: `telegram-code:${id}`,
      incidentId: null,
      recipient: email.trim().toLowerCase(),
      template: 'telegram-code',
      subject: t.codeMailSubject,
      body: t.codeMailBody(code),
    }).catch((error: unknown) => log.warn('telegram link code not mailed', { error: String((error as Error)?.message ?? error) }));
  }

  /** Links the chat by a deep-link token or a code, once; counts failures against the chat. */
  async redeem(chatId: string, kind: 'deeplink' | 'code', secret: string): Promise<Redeemed> {
    const windowStart = new Date(Date.now() - FAILURE_WINDOW_MINUTES * 60_000);
    const state = await chatState(this.db, chatId);
    if (state && state.failedAttempts >= MAX_FAILURES && state.failedSince && state.failedSince >= windowStart) return 'locked';
    const hash = this.hash(kind === 'code' ? `code:${chatId}:${secret.trim()}` : `deeplink:${secret.trim()}`);
    const clientId = await takeLinkSecret(this.db, hash, kind, chatId);
    if (!clientId || !(await liveClient(this.db, clientId))) {
      const failures = await countFailure(this.db, chatId, windowStart);
      log.info('telegram link refused', { chatId, kind, failures });
      return failures > MAX_FAILURES ? 'locked' : 'refused';
    }
    await linkChat(this.db, chatId, clientId);
    log.info('telegram chat linked', { chatId, clientId, kind });
    return 'linked';
  }
}
