// The Bot API stand-in (scripts/telegram-server.ts) as the tests drive it: a real process on the
// profile's TELEGRAM_STANDIN_PORT; its control API plays the Telegram user (a text, a photo, a
// button pressed, an update replayed) and reads what the bot sent to a chat.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { ROOT, testEnv } from './env';
import { waitFor } from './processes';

export const STANDIN = `http://127.0.0.1:${testEnv.TELEGRAM_STANDIN_PORT!}`;

export interface BotMessage {
  message_id: number;
  text?: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][]; keyboard?: { text: string }[][] };
}

export async function startStandIn(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/scripts/telegram-server.js'], { cwd: ROOT, env: { ...testEnv }, stdio: 'ignore' });
  await waitFor('the Bot API stand-in', async () => (await fetch(`${STANDIN}/control/1:aaaaaaaaaa/answers`).catch(() => null))?.ok === true);
  return child;
}

/** A Telegram user's private chat with the bot of this token. */
export class TelegramUser {
  readonly chatId = randomInt(100_000_000, 999_999_999);
  constructor(
    private readonly token: string,
    private readonly from: Record<string, unknown> = {},
  ) {}

  private async control(path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${STANDIN}/control/${this.token}/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`stand-in ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** Sends a message to the bot: the update it makes. */
  async say(
    text: string,
    extra: { photo?: Buffer; document?: { bytes: Buffer; fileName?: string; mimeType?: string }; replyTo?: number } = {},
  ): Promise<{ update_id: number; message: { message_id: number } }> {
    const { photo, document, replyTo } = extra;
    const body = photo
      ? { caption: text, photo: photo.toString('base64') }
      : document
        ? { caption: text, document: { base64: document.bytes.toString('base64'), fileName: document.fileName, mimeType: document.mimeType } }
        : { text };
    return (await this.control('message', { chatId: this.chatId, from: this.from, replyTo, ...body })).update;
  }

  async press(messageId: number, data: string): Promise<void> {
    await this.control('callback', { chatId: this.chatId, from: this.from, messageId, data });
  }

  async replay(update: unknown): Promise<void> {
    await this.control('update', { update });
  }

  async received(): Promise<BotMessage[]> {
    return (await this.control(`chats/${this.chatId}`)).messages as BotMessage[];
  }

  /** Waits for a message of the bot whose text matches. */
  async expectMessage(match: RegExp | string, timeoutMs = 60_000): Promise<BotMessage> {
    return waitFor(
      `a bot message matching ${String(match)} in chat ${this.chatId}`,
      async () => (await this.received()).find((m) => (typeof match === 'string' ? m.text?.includes(match) : match.test(m.text ?? ''))),
      timeoutMs,
      250,
    );
  }

  async setBlocked(blocked: boolean): Promise<void> {
    await this.control(`chats/${this.chatId}/block`, { blocked });
  }

  async failNext(count: number, code: number): Promise<void> {
    await this.control('fail', { count, code });
  }

  async deliveries(): Promise<{ update_id: number; status: number }[]> {
    return (await this.control('deliveries')).deliveries;
  }
}
