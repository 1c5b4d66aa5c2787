import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type { Channel } from '@stride/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

export interface Delivery {
  messageId: string;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  /** The one-click opt-out URL (RFC 8058), sent as List-Unsubscribe; patient messages only. */
  unsubscribeUrl?: string;
}

/**
 * `delivered`: handed to SMTP or the SMS provider. `stored`: no transport configured (the demo).
 * `failed`: with `transient` when trying again later may work (SMTP 4xx, connection refused,
 * provider 5xx) and not when it will not (SMTP 5xx, a rejected number).
 */
export type DeliveryOutcome = { status: 'delivered' | 'stored' } | { status: 'failed'; error: string; transient: boolean };

/**
 * Hands a message to the outside world: SMTP for email (nodemailer, SMTP_URL) and an HTTP
 * provider for SMS (SMS_URL, JSON POST with an idempotency key so a retried call sends once).
 * Without a transport the outbox row itself is the delivery, read by admins in the portal.
 */
@Injectable()
export class DeliveryService implements OnModuleDestroy {
  private readonly mailer: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.mailer = config.smtpUrl ? createTransport(config.smtpUrl + (config.smtpUrl.includes('?') ? '&' : '?') + 'pool=true&maxConnections=5') : null;
  }

  onModuleDestroy(): void {
    this.mailer?.close();
  }

  async deliver(message: Delivery): Promise<DeliveryOutcome> {
    try {
      if (message.channel === 'email') {
        if (!this.mailer) return { status: 'stored' };
        await this.mailer.sendMail({
          from: this.config.mailFrom,
          to: message.recipient,
          subject: message.subject ?? '',
          text: message.body,
          messageId: `<${message.messageId}@stride>`,
          headers: message.unsubscribeUrl
            ? { 'List-Unsubscribe': `<${message.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
            : {},
        });
        return { status: 'delivered' };
      }
      if (!this.config.smsUrl) return { status: 'stored' };
      const response = await fetch(this.config.smsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.messageId },
        body: JSON.stringify({ to: message.recipient, text: message.body, idempotencyKey: message.messageId }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) {
        const transient = response.status >= 500 || response.status === 429 || response.status === 408;
        return { status: 'failed', error: `SMS provider answered ${response.status}`, transient };
      }
      return { status: 'delivered' };
    } catch (error) {
      return { status: 'failed', error: describe(error), transient: isTransient(error) };
    }
  }
}

/** SMTP replies in 4xx are "try later", 5xx "never"; a connection that failed may work next time. */
function isTransient(error: unknown): boolean {
  const { responseCode } = error as { responseCode?: number };
  if (typeof responseCode === 'number') return responseCode < 500;
  return true;
}

function describe(error: unknown): string {
  const { responseCode, response } = error as { responseCode?: number; response?: string };
  if (typeof responseCode === 'number') return `SMTP ${responseCode}: ${String(response ?? '').slice(0, 300)}`;
  return error instanceof Error ? error.message : String(error);
}
