/**
 * WhatsApp's 24-hour customer-service window as the agent inbox applies it: on WhatsApp connections
 * (Cloud API, Twilio, Gupshup) free text may be sent only within 24 hours of the customer's last message;
 * after that only an approved template may be sent, which is the connection's `windowTemplate`.
 */
import { settingsOf as twilioSettingsOf } from '../channels/twilio/settings.ts';
import { settingsOf as whatsAppCloudSettingsOf } from '../channels/whatsapp-cloud/settings.ts';
import type { ConnectionConfig } from '../tenancy/config-schema.ts';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const WHATSAPP_CHANNELS = new Set(['whatsapp-cloud', 'twilio', 'gupshup']);

export interface ServiceWindow {
  /** Whether the rule applies to the conversation's channel. */
  applies: boolean;
  /** Whether free text may be sent now (always, where the rule does not apply). */
  open: boolean;
  lastInboundAt: string | null;
  /** When free text stops being accepted; null where the rule does not apply or the customer never wrote. */
  closesAt: string | null;
}

export function serviceWindow(channel: string, lastInboundAt: string | null, now: Date): ServiceWindow {
  if (!WHATSAPP_CHANNELS.has(channel)) return { applies: false, open: true, lastInboundAt, closesAt: null };
  const closes = lastInboundAt === null ? null : Date.parse(lastInboundAt) + WINDOW_MS;
  return {
    applies: true,
    open: closes !== null && now.getTime() < closes,
    lastInboundAt,
    closesAt: closes === null ? null : new Date(closes).toISOString(),
  };
}

/** A template the agent may send outside the window: what the history shows, and what the channel sends. */
export interface WindowTemplate {
  /** Shown in the conversation's history and the inbox, e.g. `Plantilla "seguimiento" (es)`. */
  label: string;
  /** The outbox payload: WhatsApp Cloud sends `template`; Twilio sends its `windowTemplate` by itself. */
  payload: Record<string, unknown>;
}

/** The connection's approved template, or null when it has none (or its channel cannot send one). */
export function windowTemplateOf(
  channel: string,
  connection: ConnectionConfig | undefined,
): WindowTemplate | null {
  if (!connection) return null;
  if (channel === 'whatsapp-cloud') {
    const template = whatsAppCloudSettingsOf(connection).windowTemplate;
    return template
      ? { label: `Plantilla "${template.name}" (${template.language})`, payload: { template } }
      : null;
  }
  if (channel === 'twilio') {
    const template = twilioSettingsOf(connection).windowTemplate;
    // Outside the window the Twilio client sends the connection's ContentSid instead of the text.
    return template ? { label: `Plantilla ${template.contentSid}`, payload: {} } : null;
  }
  return null;
}
