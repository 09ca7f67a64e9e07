// The SMPP side of the SMS channel: one part per submit_sm over the worker's session. Refusals
// that no retry changes (SMPP 3.4 5.1.3: invalid source or destination address, a destination
// the SMSC does not serve) give the message up; the rest (throttled, queue full, a link down)
// are thrown for the activity's retry.
import { PermanentRefusal, type SmsProvider } from './smsChannel';
import type { EncodedPart } from './encoding';
import { SubmitRefused, type SmppSession } from './smppSession';

const PERMANENT = new Set([0x0a /* RINVSRCADR */, 0x0b /* RINVDSTADR */, 0x33 /* RINVNUMDESTS */, 0x50 /* RINVDESTFLAG */]);

/** How long a delivery waits for a bind in progress (a reconnect after an SMSC restart) before it fails and is retried. */
const BIND_WAIT_MS = 5000;

export class SmppProvider implements Extract<SmsProvider, { splits: 'desk' }> {
  readonly name = 'smpp';
  readonly splits = 'desk';
  constructor(private readonly session: SmppSession) {}

  async submit(from: string, to: string, part: EncodedPart): Promise<string> {
    await this.session.ready(BIND_WAIT_MS);
    return this.session
      .submit({ source_addr: from, destination_addr: to, short_message: part.shortMessage, data_coding: part.dataCoding, esm_class: part.esmClass })
      .catch((error: unknown) => {
        if (error instanceof SubmitRefused && PERMANENT.has(error.status)) throw new PermanentRefusal(error.message);
        throw error;
      });
  }
}
