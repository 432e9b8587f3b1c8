/**
 * What the WhatsApp Cloud API end-to-end tests share: a fake Graph API that answers sends with fresh wamids,
 * tenants whose `whatsapp` connection points at it, and signed webhooks built from the recorded payloads.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryAttempt } from '../../src/pipeline/outbox-sender.ts';
import { startFakeProvider, type FakeProvider, type RecordedRequest } from '../support/fake-provider.ts';
import type { TestServer } from '../support/test-server.ts';

export const FIXTURES = join(import.meta.dirname, '../../src/channels/whatsapp-cloud/__fixtures__');
export const APP_SECRET = 'e2e-app-secret-0123456789abcdef';
export const ACCESS_TOKEN = 'EAAtest-access-token';
export const CLINICA_NUMBER = '100000000000001';
export const AUTOS_NUMBER = '100000000000002';
export const CUSTOMER = '573001234567';

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A fake Graph API: sends get `wamid.OUT-<n>`, read receipts `{ success: true }`. */
export async function startFakeGraphApi(): Promise<FakeProvider> {
  let sent = 0;
  return startFakeProvider(graphAnswer(() => `wamid.OUT-${++sent}`));
}

/** The Graph API's answer to a POST on /messages. */
export function graphAnswer(nextId: () => string) {
  return (request: RecordedRequest) =>
    isTyping(request)
      ? { status: 200, body: { success: true } }
      : {
          status: 200,
          body: {
            messaging_product: 'whatsapp',
            contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }],
            messages: [{ id: nextId() }],
          },
        };
}

export const isTyping = (request: RecordedRequest) =>
  (request.json as { status?: unknown })?.status === 'read';
/** Requests that send a message (not read receipts). */
export const sends = (fake: FakeProvider) => fake.requests.filter((request) => !isTyping(request));

export function whatsappConnection(
  fake: FakeProvider,
  phoneNumberId: string,
  settings: Record<string, unknown> = {},
) {
  return {
    id: 'whatsapp',
    channel: 'whatsapp-cloud' as const,
    settings: {
      phoneNumberId,
      appSecret: APP_SECRET,
      accessToken: ACCESS_TOKEN,
      verifyToken: 'verify-me',
      apiBaseUrl: fake.baseUrl,
      ...settings,
    },
  };
}

export function sign(body: string | Buffer, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

type Value = Record<string, unknown>;

/** A webhook payload with one change for `phoneNumberId`, shaped like the recorded ones. */
export function webhook(phoneNumberId: string, value: Value): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '5467539754836534',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

export function messageWebhook(
  phoneNumberId: string,
  message: Value & { id: string },
  from = CUSTOMER,
  name = 'Ana',
): string {
  return webhook(phoneNumberId, {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{ from, timestamp: '1763906400', ...message }],
  });
}

export function textWebhook(phoneNumberId: string, id: string, text: string, from = CUSTOMER): string {
  return messageWebhook(phoneNumberId, { id, type: 'text', text: { body: text } }, from);
}

export function statusWebhook(phoneNumberId: string, id: string, status: string, errors?: Value[]): string {
  return webhook(phoneNumberId, {
    statuses: [
      { id, status, timestamp: '1763906460', recipient_id: CUSTOMER, ...(errors ? { errors } : {}) },
    ],
  });
}

/** POSTs a webhook to `/webhooks/{tenant}/whatsapp` the way Meta does, signed unless told otherwise. */
export async function postWebhook(
  server: TestServer,
  tenant: string,
  body: string | Buffer,
  signature: string | null = sign(body),
) {
  return server.app.inject({
    method: 'POST',
    url: `/webhooks/${tenant}/whatsapp`,
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
    },
    payload: body,
  });
}

/** Resolves with the next stored delivery attempt that matches; listen before causing it. */
export function nextAttempt(
  server: TestServer,
  matches: (attempt: DeliveryAttempt) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<DeliveryAttempt> {
  const { events } = server.orquesta.pipeline;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      events.off('delivery-attempted', listener);
      reject(new Error('no matching delivery attempt in time'));
    }, timeoutMs);
    function listener(attempt: DeliveryAttempt) {
      if (!matches(attempt)) return;
      clearTimeout(timer);
      events.off('delivery-attempted', listener);
      resolve(attempt);
    }
    events.on('delivery-attempted', listener);
  });
}
