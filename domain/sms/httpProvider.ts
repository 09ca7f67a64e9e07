// The HTTP side of the SMS channel (SMS_PROVIDER=http): one call per notification to a
// provider's JSON API in Infobip's protocol (POST /sms/2/text/advanced, `Authorization: App
// <key>`), the whole text in it; the provider splits and encodes. We name the message
// (destinations[].messageId, derived from the notification key): a retry after a lost answer
// names the same message, and the receipt (httpCallbacks.ts) comes back under that id.
// A 400 or a message the provider answers REJECTED is given up (no retry changes it); 401, 403,
// 429, 5xx, a timeout or a dropped connection are thrown for the activity's retry.
import { PermanentRefusal, type SmsProvider } from './smsChannel';

export interface HttpSmsSettings {
  /** The API root, e.g. https://xxxxx.api.infobip.com */
  url: string;
  token: string;
  /** Where the provider posts delivery reports: PUBLIC_URL/api/sms/http/receipts. */
  notifyUrl: string;
}

/** An answer takes a provider tens of milliseconds; 10 s is a stuck call, retried. */
const TIMEOUT_MS = 10_000;

interface SendAnswer {
  messages?: { messageId?: string; status?: { groupName?: string; name?: string; description?: string } }[];
}

export class HttpSmsProvider implements Extract<SmsProvider, { splits: 'provider' }> {
  readonly name = 'http';
  readonly splits = 'provider';
  constructor(private readonly settings: HttpSmsSettings) {}

  async submitText(from: string, to: string, text: string, reference: string): Promise<string> {
    const res = await fetch(`${this.settings.url.replace(/\/$/, '')}/sms/2/text/advanced`, {
      method: 'POST',
      headers: { authorization: `App ${this.settings.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        messages: [
          {
            from,
            // Infobip takes international numbers without the plus.
            destinations: [{ to: to.replace(/^\+/, ''), messageId: reference }],
            text,
            notifyUrl: this.settings.notifyUrl,
            notifyContentType: 'application/json',
          },
        ],
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await res.text();
    if (res.status === 400) throw new PermanentRefusal(`the SMS provider refused the message: 400 ${body.slice(0, 200)}`);
    if (!res.ok) throw new Error(`the SMS provider answered ${res.status}: ${body.slice(0, 200)}`);
    let answer: SendAnswer;
    try {
      answer = JSON.parse(body) as SendAnswer;
    } catch {
      throw new Error(`the SMS provider answered ${res.status} without JSON: ${body.slice(0, 200)}`);
    }
    const message = answer.messages?.[0];
    if (!message?.messageId) throw new Error('the SMS provider answered without a messageId');
    if (message.status?.groupName === 'REJECTED')
      throw new PermanentRefusal(`the SMS provider rejected the message: ${message.status.name ?? ''} ${message.status.description ?? ''}`.trim());
    return message.messageId;
  }
}
