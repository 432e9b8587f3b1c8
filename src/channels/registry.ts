import { DeliveryError, type ChannelCapabilities, type DeliverMessage } from '../core/delivery.ts';
import { OrquestaError } from '../core/errors.ts';
import type { ChannelKind, ConnectionConfig, TenantConfig } from '../tenancy/config-schema.ts';
import type { Channel, TypingTarget } from './channel.ts';
import { createConsoleChannel } from './console/index.ts';
import { createGupshupChannel } from './gupshup/index.ts';
import { createTelegramChannel } from './telegram/index.ts';
import { createTestChannel } from './test/index.ts';
import { createTwilioChannel } from './twilio/index.ts';
import { createWebchatChannel } from './webchat/index.ts';
import { createWhatsAppCloudChannel } from './whatsapp-cloud/index.ts';

export interface ConnectionRef {
  tenantId: string;
  connection: ConnectionConfig;
  channel: Channel;
}

export interface ChannelRegistry {
  deliver: DeliverMessage;
  /** Shows the typing indicator on channels that have one; never throws. */
  showTyping(tenantId: string, connectionId: string, target: TypingTarget): Promise<void>;
  capabilitiesOf(tenantId: string, connectionId: string): ChannelCapabilities;
  channelOf(tenantId: string, connectionId: string): string;
  connection(tenantId: string, connectionId: string): ConnectionConfig | undefined;
  /** The connection and its channel, when the channel is available. */
  resolve(tenantId: string, connectionId: string): ConnectionRef | undefined;
  /** The connection of a channel kind whose provider account id (e.g. WhatsApp phone number id) is `accountId`. */
  findByAccount(kind: ChannelKind, accountId: string): ConnectionRef | undefined;
}

/**
 * Finds each connection's channel and sends through it. Every connection's `settings` are validated by
 * its channel at start; all problems are reported at once, as configuration problems.
 */
export function createChannelRegistry(
  tenants: readonly TenantConfig[],
  channels: Channel[] = defaultChannels(),
): ChannelRegistry {
  const byKind = new Map<ChannelKind, Channel>(channels.map((channel) => [channel.kind, channel]));
  const connections = new Map<string, ConnectionRef>();
  const byAccount = new Map<string, ConnectionRef>();
  const problems: string[] = [];

  tenants.forEach((tenant, tenantIndex) => {
    tenant.connections.forEach((connection, connectionIndex) => {
      const channel = byKind.get(connection.channel);
      if (!channel) return;
      const settings = channel.settingsSchema?.safeParse(connection.settings);
      const path = `tenants[${tenantIndex}].connections[${connectionIndex}].settings`;
      if (settings && !settings.success) {
        for (const issue of settings.error.issues) {
          const [what, fix] = issue.message.split(' — ');
          problems.push(`${[path, ...issue.path].join('.')}: ${what} — ${fix ?? 'see docs/channels.md'}`);
        }
        return;
      }
      const configured = settings
        ? { ...connection, settings: settings.data as Record<string, unknown> }
        : connection;
      const ref = { tenantId: tenant.id, connection: configured, channel };
      connections.set(key(tenant.id, connection.id), ref);
      const account = channel.accountId?.(configured);
      if (account) byAccount.set(key(channel.kind, account), ref);
    });
  });
  if (problems.length > 0) {
    throw new OrquestaError('invalid_config', `invalid connection settings:\n  ${problems.join('\n  ')}`, {
      details: problems,
    });
  }

  return {
    resolve: (tenantId, connectionId) => connections.get(key(tenantId, connectionId)),
    connection: (tenantId, connectionId) =>
      connections.get(key(tenantId, connectionId))?.connection ??
      tenants
        .find((tenant) => tenant.id === tenantId)
        ?.connections.find((candidate) => candidate.id === connectionId),
    findByAccount: (kind, accountId) => byAccount.get(key(kind, accountId)),
    channelOf: (tenantId, connectionId) =>
      tenants
        .find((tenant) => tenant.id === tenantId)
        ?.connections.find((candidate) => candidate.id === connectionId)?.channel ?? 'unknown',
    capabilitiesOf: (tenantId, connectionId) =>
      connections.get(key(tenantId, connectionId))?.channel.capabilities ?? PLAIN_TEXT,
    async showTyping(tenantId, connectionId, target) {
      const ref = connections.get(key(tenantId, connectionId));
      await ref?.channel.showTyping?.(target, ref.connection);
    },
    async deliver(envelope) {
      const ref = connections.get(key(envelope.tenantId, envelope.connectionId));
      if (!ref) {
        throw new DeliveryError(
          `connection "${envelope.connectionId}" of tenant "${envelope.tenantId}" is not configured or its channel is not available`,
          { code: 'unknown_connection', retryable: false },
        );
      }
      return ref.channel.send(envelope, ref.connection);
    },
  };
}

/** What an unknown channel is assumed to show: text only, in pieces no longer than WhatsApp's. */
const PLAIN_TEXT: ChannelCapabilities = { maxTextLength: 4096 };

export function defaultChannels(): Channel[] {
  return [
    createTestChannel(),
    createConsoleChannel(),
    createGupshupChannel(),
    createTelegramChannel(),
    createTwilioChannel(),
    createWhatsAppCloudChannel(),
    createWebchatChannel(),
  ];
}

function key(first: string, second: string): string {
  return `${first}\u0000${second}`;
}
