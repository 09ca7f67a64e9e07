// The SMSC stand-in of the test stack (scripts/smsc-server.ts, started by scripts/stack.sh):
// what was submitted to it, and its control API (receipt rules, receipts, mobile-originated SMS).
import { randomInt, randomUUID } from 'node:crypto';
import { api } from './api';
import { testEnv } from './env';
import { stack, waitFor } from './processes';

const CONTROL = `http://127.0.0.1:${testEnv.SMSC_CONTROL_PORT!}`;

export interface Submitted {
  messageId: string;
  to: string;
  dataCoding: number;
  concat: { ref: number; total: number; seq: number } | null;
  text: string;
}

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${CONTROL}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`SMSC control ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Starts the SMSC (idempotent) and waits until the worker is bound to it. */
export async function smscUp(): Promise<void> {
  stack('start', 'smsc');
  await waitFor('the worker bound to the SMSC', async () => (await control<{ bound: number }>('GET', '/health')).bound > 0, 90000, 250);
}

export const smscDown = () => stack('stop', 'smsc');

export const submittedTo = async (phone: string) => (await control<{ items: Submitted[] }>('GET', `/submitted?to=${encodeURIComponent(phone)}`)).items;

/** The receipts of messages to this number: stat and err (UNDELIV, 001) and a delay. */
export const receiptRule = (to: string, stat: string, err = '000', delayMs = 0) => control('PUT', '/rules', { to, stat, err, delayMs });

/** A receipt of the test's own; the SMSC's deliver_sm_resp status (after our side stored it). */
export const sendReceipt = async (messageId: string, stat = 'DELIVRD') => (await control<{ status: number }>('POST', '/receipts', { messageId, stat })).status;

/** A mobile-originated SMS: text (encoded and split as a phone does) or given octets; times > 1 repeats it as an SMSC redelivers. */
export const sendMo = async (mo: { from: string; text?: string; hex?: string; dataCoding?: number; times?: number }) =>
  (await control<{ statuses: number[] }>('POST', '/mo', mo)).statuses;

/** The messages as received: the parts of each joined in order. */
export function joined(parts: Submitted[]): { text: string; dataCoding: number; parts: number; ids: string[] }[] {
  const groups = new Map<string, Submitted[]>();
  for (const p of parts) {
    const key = p.concat ? `ref:${p.concat.ref}/${p.concat.total}` : `single:${p.messageId}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((g) => {
    const sorted = [...g].sort((a, b) => (a.concat?.seq ?? 0) - (b.concat?.seq ?? 0));
    return { text: sorted.map((p) => p.text).join(''), dataCoding: sorted[0]!.dataCoding, parts: sorted.length, ids: sorted.map((p) => p.messageId) };
  });
}

export interface InboundSms {
  id: string;
  channel: string;
  channelMessageId: string;
  sender: string;
  status: string;
  reason: string | null;
  requestId: string | null;
  clientId: string | null;
}

/** The intake's rows of SMS from this number, once they are done (taken, held or ignored). */
export async function smsFrom(phone: string, count = 1): Promise<InboundSms[]> {
  return waitFor(`${count} SMS from ${phone} taken`, async () => {
    const rows: InboundSms[] = [];
    for (const status of ['PROCESSED', 'HELD', 'IGNORED']) {
      const res = await api('admin', 'GET', `/api/admin/inbound-messages?status=${status}&limit=500`);
      rows.push(...(res.body.items as InboundSms[]).filter((m) => m.channel === 'SMS' && m.channelMessageId.startsWith(`${phone}:`)));
    }
    return rows.length >= count ? rows : null;
  });
}

/** An attempt on an incident's notification log (GET /api/incidents/{id}/notifications). */
export interface LoggedAttempt {
  key: string;
  recipient: string;
  channel: string;
  template: string;
  outcome: string;
  error: string | null;
  reference: string | null;
}

/** A client known by a phone number only (numbers under `prefix`, e.g. +7997). */
export async function phoneOnlyClient(prefix: string, label: string): Promise<{ id: string; phone: string }> {
  const number = `${prefix}${randomInt(1_000_000, 9_999_999)}`;
  const tag = randomUUID().slice(0, 8);
  const res = await api(
    'olga',
    'POST',
    '/api/clients',
    { name: `${label} ${tag}`, phones: [{ phone: number }], locale: 'ru' },
    { 'Idempotency-Key': `sms-${tag}` },
  );
  if (res.status !== 201) throw new Error(`client not made: ${res.status}`);
  return { id: res.body.client.id as string, phone: number };
}
