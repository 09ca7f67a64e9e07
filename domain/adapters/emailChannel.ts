// E-mail over SMTP: the first real notification channel. The notification key becomes the
// Message-ID, so a delivery retried after a lost answer is recognisable downstream.
import nodemailer, { type Transporter } from 'nodemailer';
import { undeliverable, type Message, type NotificationChannel } from '../notifications/notifier';
import { messageIdOf } from '../notifications/threads';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  from: string;
}

export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
      // Connections are kept and reused: a message costs no TCP and SMTP handshake of its own.
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async deliver(message: Message): Promise<string> {
    await this.send(message).catch((error: unknown) => {
      // SMTP 5xx (RFC 5321 4.2.1): a permanent refusal; 4xx and lost connections are worth retrying.
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500 && code < 600) throw undeliverable(`the mail server refused it: ${(error as Error).message}`);
      throw error;
    });
    return this.name;
  }

  private async send(message: Message): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.recipient,
      subject: message.subject,
      text: message.body,
      messageId: messageIdOf(message.key),
      inReplyTo: message.thread?.inReplyTo,
      references: message.thread?.references,
      replyTo: message.replyTo,
      headers: { 'X-Incident-Desk-Key': message.key, 'X-Incident-Desk-Template': message.template },
    });
  }
}
