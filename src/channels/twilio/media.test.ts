import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { mediaRefsOf, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { createTwilioChannel } from './index.ts';

const ACCOUNT_SID = 'AC1102d7cc2c23d58e0fdf5c6d5544cb80';
const AUTH_TOKEN = 'twilio-media-auth-token';
const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
const MEDIA_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MMf17ae24039efd4e19fbc4c1b42fda9f8/Media/ME79963175e7bbff089a0805b0aeb96b1d`;

/** Twilio's REST API, and the storage it redirects media requests to. */
let twilio: FakeProvider;
let storage: FakeProvider;
beforeAll(async () => {
  twilio = await startFakeProvider(() => ({ status: 404, body: {} }));
  storage = await startFakeProvider(() => ({
    status: 200,
    body: 'JPEG-bytes-from-storage',
    headers: { 'content-type': 'image/jpeg' },
  }));
});
afterAll(async () => Promise.all([twilio.close(), storage.close()]));
beforeEach(() => {
  twilio.requests.length = 0;
  storage.requests.length = 0;
  twilio.respondWith(() => ({ status: 200, body: 'JPEG-bytes', headers: { 'content-type': 'image/jpeg' } }));
});

const channel = createTwilioChannel();
const connection = (settings: Record<string, unknown> = {}) =>
  ({
    id: 'twilio',
    channel: 'twilio',
    settings: {
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: 'whatsapp:+14155238886',
      apiBaseUrl: twilio.baseUrl,
      ...settings,
    },
  }) as ConnectionConfig;

/** The recorded image webhook (form fields), its MediaUrl0 on the fake Twilio. */
function mediaOf(fields: Record<string, string>): MediaRef[] {
  const [event] = channel.webhook!.parse(
    {
      method: 'POST',
      publicUrl: 'https://bot.example.com/webhooks/clinica/twilio',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      query: {},
      body: Buffer.from(new URLSearchParams(fields).toString()),
    },
    connection(),
  );
  if (event?.type !== 'message') throw new Error('no message');
  return mediaRefsOf(event.message.payload ?? {});
}

const recorded = JSON.parse(
  readFileSync(join(import.meta.dirname, '__fixtures__/inbound_whatsapp_text_and_image.json'), 'utf8'),
) as { image: Record<string, string> };

describe('twilio media download', () => {
  it('reads each MediaUrl of the webhook and fetches it with basic auth', async () => {
    const [image] = mediaOf({
      ...recorded.image,
      // The recording's sender digits are redacted; the parser wants a number.
      From: 'whatsapp:+27720000000',
      MediaUrl0: `${twilio.baseUrl}${MEDIA_PATH}`,
    });
    expect(image).toEqual({ kind: 'image', url: `${twilio.baseUrl}${MEDIA_PATH}`, mimeType: 'image/jpeg' });

    const file = await channel.downloadMedia!(image!, connection());

    expect(file).toEqual({ bytes: Buffer.from('JPEG-bytes'), mimeType: 'image/jpeg' });
    expect(
      twilio.requests.map((request) => [request.method, request.path, request.headers.authorization]),
    ).toEqual([['GET', MEDIA_PATH, BASIC]]);
  });

  it('follows the redirect to the stored copy without sending the credentials on', async () => {
    twilio.respondWith(() => ({ status: 307, headers: { location: `${storage.baseUrl}/media/ME7996` } }));
    const file = await channel.downloadMedia!(
      { kind: 'image', url: `${twilio.baseUrl}${MEDIA_PATH}`, mimeType: 'image/jpeg' },
      connection(),
    );
    expect(file.bytes.toString()).toBe('JPEG-bytes-from-storage');
    expect(twilio.requests[0]?.headers.authorization).toBe(BASIC);
    expect(storage.requests.map((request) => [request.path, request.headers.authorization])).toEqual([
      ['/media/ME7996', undefined],
    ]);
  });

  it('never sends the credentials to a host that is not Twilio', async () => {
    await channel.downloadMedia!({ kind: 'image', url: `${storage.baseUrl}/elsewhere` }, connection());
    expect(storage.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('says what is wrong: no credentials, no URL, an error answer', async () => {
    const image: MediaRef = { kind: 'image', url: `${twilio.baseUrl}${MEDIA_PATH}` };
    await expect(channel.downloadMedia!(image, connection({ authToken: '' }))).rejects.toThrow(
      /has no authToken: set TWILIO_AUTH_TOKEN/,
    );
    await expect(
      channel.downloadMedia!({ kind: 'image', mediaId: 'ME1' }, connection()),
    ).rejects.toMatchObject({
      code: 'not_downloadable',
    });
    twilio.respondWith(() => ({ status: 404, body: { code: 20404, message: 'not found' } }));
    await expect(channel.downloadMedia!(image, connection())).rejects.toMatchObject({
      code: 'http_404',
      retryable: false,
    });
  });
});
