// SMS in the worker (docs/sms.md): one SMPP session per worker process, shared by the channel
// that sends notifications (createWorker.ts) and by what the SMSC delivers: receipts are taken
// by any worker, mobile-originated messages by the main worker, which holds the Temporal
// client that new requests need (readSms). A deliver_sm that finds no intake here is refused
// with ESME_RSYSERR, so the SMSC delivers it again, to this session or another. With
// SMS_PROVIDER=http the channel calls the provider's API and its receipts and incoming SMS
// come to the app's callbacks (api/endpoints/sms.ts); the worker settles and retries them.
import type { Client } from '@temporalio/client';
import type { PDU } from 'smpp';
import type { Config } from '../infra/config';
import type { Database } from '../infra/db';
import { log } from '../infra/logger';
import { channelIntake } from './channelIntake';
import { SmppSession } from '../domain/sms/smppSession';
import { SmppProvider } from '../domain/sms/smppProvider';
import { SmsChannel } from '../domain/sms/smsChannel';
import { HttpSmsProvider } from '../domain/sms/httpProvider';
import { isReceipt, ReceiptBook, takeReceipt } from '../domain/sms/receipts';
import { SmsInbound } from '../domain/intake/smsInbound';

/** How often receipts still unsettled are settled (ms): the safety net of ReceiptBook's quick retries. */
const SWEEP_MS = 2000;

class SmsGateway {
  readonly session: SmppSession | null;
  readonly channel: SmsChannel;
  readonly receipts: ReceiptBook;
  inbound: SmsInbound | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(config: Config, db: Database) {
    this.receipts = new ReceiptBook(db);
    if (config.SMS_PROVIDER === 'http') {
      this.session = null;
      const provider = new HttpSmsProvider({ url: config.SMS_HTTP_URL, token: config.SMS_HTTP_TOKEN, notifyUrl: `${config.PUBLIC_URL}/api/sms/http/receipts` });
      this.channel = new SmsChannel(db, provider, config.SMS_SOURCE_ADDR);
    } else {
      const session = new SmppSession(
        { host: config.SMPP_HOST, port: config.SMPP_PORT, systemId: config.SMPP_SYSTEM_ID, password: config.SMPP_PASSWORD },
        (pdu) => this.handle(pdu),
      );
      this.session = session;
      this.channel = new SmsChannel(db, new SmppProvider(session), config.SMS_SOURCE_ADDR);
      session.start();
    }
    this.timer = setInterval(
      () => void this.receipts.sweep().catch((error: unknown) => log.warn('SMS receipt sweep failed', { error: String(error) })),
      SWEEP_MS,
    );
    this.timer.unref();
  }

  private async handle(pdu: PDU): Promise<void> {
    if (isReceipt(pdu)) return takeReceipt(pdu, this.receipts);
    if (!this.inbound) throw new Error('this worker takes no incoming SMS');
    await this.inbound.deliver(pdu);
  }

  detach(): void {
    this.inbound = null;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.session?.stop();
  }
}

let gateway: SmsGateway | null = null;

/** Whether SMS are configured: the SMSC (smpp) or the provider's API root (http). */
const configured = (config: Config) => (config.SMS_PROVIDER === 'http' ? config.SMS_HTTP_URL !== '' : config.SMPP_HOST !== '');

/** The SMS channel when SMS are configured (one SMPP session per process), else undefined. */
export function smsChannel(config: Config, db: Database): SmsChannel | undefined {
  if (!configured(config)) return undefined;
  gateway ??= new SmsGateway(config, db);
  return gateway.channel;
}

/** Takes mobile-originated SMS into the channel intake (the main worker); the returned function stops taking them. */
export function readSms(config: Config, client: Client, db: Database): () => Promise<void> {
  if (!smsChannel(config, db) || !gateway) return async () => {};
  const source = config.SMS_PROVIDER === 'http' ? 'http-sms' : `smpp:${config.SMS_SOURCE_ADDR}`;
  const inbound = new SmsInbound(db, channelIntake(config, client, db), { serviceCode: config.SMS_INBOUND_SERVICE }, source);
  gateway.inbound = inbound;
  const timer = setInterval(() => void inbound.pass().catch((error: unknown) => log.warn('SMS pass failed', { error: String(error) })), 2000);
  timer.unref();
  log.info('taking SMS', { provider: config.SMS_PROVIDER, service: config.SMS_INBOUND_SERVICE });
  return async () => {
    clearInterval(timer);
    gateway?.detach();
  };
}

/** Closes the SMPP session of this process (at the worker's stop). */
export async function stopSms(): Promise<void> {
  await gateway?.stop();
  gateway = null;
}
