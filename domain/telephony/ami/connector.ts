// The Asterisk AMI connector: a TCP client that logs in (Action: Login), reads the call events
// (Newchannel, DialBegin, DialEnd, BridgeEnter, Hangup) and hands each call event to the desk
// (CallService.record with source "ami:<host>", the same path as the webhook, so a replay after
// a reconnect changes nothing). A lost or refused connection is retried with backoff: 1 s
// doubling to 30 s, reset by a successful login (an Asterisk restart takes seconds; an outage is
// not hammered). Events of the connection are applied one at a time, in the order they came.
import net from 'node:net';
import { log } from '../../../infra/logger';
import type { CallEventInput } from '../callEvents';
import { callEventOf, type AmiCall } from './callEventsOf';
import { AmiReader, formatMessage, type AmiMessage } from './protocol';

const MAX_BACKOFF_MS = 30_000;

export interface AmiSettings {
  host: string;
  port: number;
  user: string;
  secret: string;
}

export type CallEventSink = (event: CallEventInput) => Promise<unknown>;

export class AmiConnector {
  private socket: net.Socket | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private loggedIn = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly calls = new Map<string, AmiCall>();

  constructor(
    private readonly settings: AmiSettings,
    private readonly sink: CallEventSink,
  ) {}

  /** Whether the connector is logged in now. */
  get connected(): boolean {
    return this.loggedIn;
  }

  start(): void {
    if (this.stopped) return;
    const socket = net.connect({ host: this.settings.host, port: this.settings.port });
    this.socket = socket;
    const reader = new AmiReader();
    socket.setEncoding('utf8');
    socket.setKeepAlive(true, 30_000);
    socket.on('data', (chunk: string) => {
      const hadBanner = reader.bannerLine !== null;
      const messages = reader.push(chunk);
      if (!hadBanner && reader.bannerLine !== null) this.login(socket, reader.bannerLine);
      for (const m of messages) this.received(socket, m);
    });
    socket.on('error', (error) => log.warn('ami: connection error', { error: String(error) }));
    socket.on('close', () => this.lost(socket));
  }

  private login(socket: net.Socket, banner: string): void {
    if (!banner.startsWith('Asterisk Call Manager/')) {
      log.warn('ami: not an Asterisk manager interface', { banner });
      socket.destroy();
      return;
    }
    socket.write(formatMessage({ Action: 'Login', ActionID: 'login', Username: this.settings.user, Secret: this.settings.secret, Events: 'call' }));
  }

  private received(socket: net.Socket, m: AmiMessage): void {
    if (m.ActionID === 'login' && m.Response) {
      if (m.Response !== 'Success') {
        log.error('ami: login refused', { message: m.Message ?? '' });
        socket.destroy();
        return;
      }
      this.loggedIn = true;
      this.failures = 0;
      log.info('ami: logged in', { host: this.settings.host });
      return;
    }
    if (!this.loggedIn || !m.Event) return;
    const event = callEventOf(m, this.calls);
    if (!event) return;
    this.queue = this.queue.then(() =>
      this.sink(event).then(
        () => undefined,
        // Nothing is lost silently: the event is logged with the reason (an unusable caller id).
        (error: unknown) => log.warn('ami: call event not recorded', { event: JSON.stringify(event), error: String(error) }),
      ),
    );
  }

  private lost(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.loggedIn = false;
    if (this.stopped || this.retry) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures++);
    log.warn('ami: connection lost, reconnecting', { inMs: delay });
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start();
    }, delay);
    this.retry.unref();
  }

  /** Logs off and stops reconnecting; resolves when the events received are applied. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.socket && this.loggedIn) this.socket.end(formatMessage({ Action: 'Logoff', ActionID: 'logoff' }));
    this.socket?.destroy();
    this.socket = null;
    await this.queue;
  }
}
