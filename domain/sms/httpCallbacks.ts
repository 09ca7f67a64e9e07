// What an HTTP SMS provider posts back (Infobip's documented JSON, docs/sms.md): delivery reports
// and mobile-originated messages, each a `results` array. Delivery reports become the SMPP
// stat words the receipt book already knows (receipts.ts: one rule for "delivered" and
// "failed"); incoming messages go to the one SMS intake (domain/intake/smsInbound.ts).
import { z } from 'zod';
import { parseInput } from '../shared/validation';
import type { ReceiptBook, Receipt } from './receipts';

const status = z.object({
  groupName: z.string().min(1).max(40).describe('PENDING, UNDELIVERABLE, DELIVERED, EXPIRED or REJECTED'),
  name: z.string().max(100).optional(),
  description: z.string().max(500).optional(),
});
const error = z.object({ name: z.string().max(100).optional(), description: z.string().max(500).optional() }).nullish();

export const deliveryReportsSchema = z.object({
  results: z
    .array(
      z.object({
        messageId: z.string().min(1).max(200),
        to: z.string().max(40).optional(),
        status,
        error,
      }),
    )
    .min(1)
    .max(1000),
});
export type DeliveryReports = z.infer<typeof deliveryReportsSchema>;

export const inboundMessagesSchema = z.object({
  results: z
    .array(
      z.object({
        messageId: z.string().min(1).max(200),
        from: z.string().regex(/^\+?[1-9]\d{6,14}$/, 'an international phone number'),
        to: z.string().max(40).default(''),
        text: z.string().max(10_000),
        receivedAt: z.string().max(40).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

/** Infobip's status groups as SMPP stat words: PENDING is intermediate, the rest final. */
const STAT: Record<string, string> = { PENDING: 'ENROUTE', DELIVERED: 'DELIVRD', UNDELIVERABLE: 'UNDELIV', EXPIRED: 'EXPIRED', REJECTED: 'REJECTD' };

export function receiptOf(report: DeliveryReports['results'][number]): Receipt {
  const group = report.status.groupName.toUpperCase();
  const stat = STAT[group] ?? 'UNKNOWN';
  const err = report.error?.name ?? 'NO_ERROR';
  return { messageId: report.messageId, stat, err, reason: `status:${group}/${report.status.name ?? ''} error:${err}` };
}

/** Takes each report in turn (a repeated one changes nothing, receipts.ts): how many there were. Invalid: 400 naming the field. */
export async function takeDeliveryReports(input: unknown, book: ReceiptBook): Promise<number> {
  const reports = parseInput(deliveryReportsSchema, input);
  for (const report of reports.results) await book.take(receiptOf(report));
  return reports.results.length;
}

/** An international number as the intake keeps senders: E.164 with the plus. */
const e164 = (number: string) => (number.startsWith('+') || !/^\d+$/.test(number) ? number : `+${number}`);

/** The incoming messages of a callback, numbers in E.164. Invalid: 400 naming the field. */
export function incomingMessages(input: unknown): { from: string; to: string; text: string; messageId: string }[] {
  return parseInput(inboundMessagesSchema, input).results.map((m) => ({ from: e164(m.from), to: e164(m.to), text: m.text, messageId: m.messageId }));
}
