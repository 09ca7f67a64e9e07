// The bus channel's normaliser: an incident-desk.request.v1 message (JSON) to the intake's
// NormalizedMessage. What is no such message (not JSON, off the schema) is malformed: the
// intake holds it with the reason, and the consumer dead-letters it.
import { MalformedMessage, type NormalizedMessage } from '../intake/message';
import { INTAKE_SCHEMA, intakeMessageSchema } from './messages';

/** The subject that carries the sender's reference (admins see it in the intake's list; it heads the description). */
export const externalRefSubject = (ref: string) => `External reference: ${ref}`;

export async function busNormaliser(raw: Buffer): Promise<NormalizedMessage> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new MalformedMessage(`not JSON (${(error as Error).message})`);
  }
  const parsed = intakeMessageSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
    throw new MalformedMessage(`not a ${INTAKE_SCHEMA} message: ${issues}`.slice(0, 900));
  }
  const m = parsed.data;
  const email = m.client.email?.toLowerCase();
  return {
    sender: { phone: m.client.phone, email },
    senderLabel: m.client.phone ?? email ?? '',
    senderName: m.client.name,
    subject: m.externalRef ? externalRefSubject(m.externalRef) : '',
    text: m.description,
    files: [],
    threadKey: null,
    replyTo: [],
    requestNumber: null,
    ignore: null,
    serviceCode: m.serviceCode,
  };
}
