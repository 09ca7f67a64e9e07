// The SMTP channel as configured (SMTP_*), or none when SMTP_HOST is empty: one place for the
// worker's notifications and the app's own mail (Telegram link codes).
import type { Config } from '../../infra/config';
import { EmailChannel } from './emailChannel';

export function smtpChannelOf(config: Config): EmailChannel | undefined {
  if (!config.SMTP_HOST) return undefined;
  return new EmailChannel({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    user: config.SMTP_USER,
    password: config.SMTP_PASSWORD,
    from: config.SMTP_FROM,
  });
}
