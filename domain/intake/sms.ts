// The SMS channel's normaliser: a mobile-originated message as stored by domain/sms/inbound.ts
// (JSON: the sender's number, data_coding and the text octets of each part in order, UDH
// removed) to the intake's NormalizedMessage. The octets are decoded here, not on receipt, so
// a text that has no reading (an unknown data_coding, UCS-2 of an odd length or with a lone
// surrogate) is stored as received and held with its reason.
import { z } from 'zod';
import { requestNumberIn } from '../shared/requestNumber';
import { decodeSms, UndecodableText } from '../sms/encoding';
import { MalformedMessage, type NormalizedMessage } from './message';

export const storedSmsSchema = z.object({
  /** The sender, E.164 when the SMSC gave an international number. */
  from: z.string().min(1),
  to: z.string(),
  dataCoding: z.number().int().min(0).max(255),
  /** The text octets of each part, base64, in sequence order. */
  parts: z.array(z.string()).min(1),
});
export type StoredSms = z.infer<typeof storedSmsSchema>;

export async function smsNormaliser(raw: Buffer): Promise<NormalizedMessage> {
  let sms: StoredSms;
  try {
    sms = storedSmsSchema.parse(JSON.parse(raw.toString('utf8')));
  } catch {
    throw new MalformedMessage('not a stored SMS');
  }
  let text: string;
  try {
    text = sms.parts.map((p) => decodeSms(Buffer.from(p, 'base64'), sms.dataCoding)).join('');
  } catch (error) {
    if (error instanceof UndecodableText) throw new MalformedMessage(`undecodable text: ${error.message}`);
    throw error;
  }
  text = text.trim();
  if (!text) throw new MalformedMessage('an empty text');
  return {
    sender: { phone: sms.from },
    senderLabel: sms.from,
    subject: '',
    text,
    files: [],
    threadKey: null,
    replyTo: [],
    requestNumber: requestNumberIn(text.toUpperCase()),
    ignore: null,
    answersOnlyOpenRequest: true,
  };
}
