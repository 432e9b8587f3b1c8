import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { mediaRefsOf, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { createGupshupChannel } from './index.ts';

const API_KEY = 'gupshup-api-key-never-sent-for-media';
const connection: ConnectionConfig = {
  id: 'gupshup',
  channel: 'gupshup',
  settings: {
    appName: 'autosconfianza',
    source: '5215512345678',
    apiKey: API_KEY,
    webhookToken: 'x'.repeat(24),
  },
};
const channel = createGupshupChannel();

/** Gupshup's file manager, serving the URLs its webhooks carry. */
let files: FakeProvider;
beforeAll(async () => {
  files = await startFakeProvider(() => ({
    status: 200,
    body: 'OggS-audio-bytes',
    headers: { 'content-type': 'audio/ogg; codecs=opus' },
  }));
});
afterAll(async () => files.close());
beforeEach(() => {
  files.requests.length = 0;
});

/** The documented image webhook (v2), its URL moved to the fake file manager. */
function recordedImage(): MediaRef[] {
  const payload = JSON.parse(
    readFileSync(new URL('./__fixtures__/inbound_image_v2.json', import.meta.url), 'utf8'),
  ) as { payload: { payload: { url: string } } };
  const documented = new URL(payload.payload.payload.url);
  payload.payload.payload.url = `${files.baseUrl}${documented.pathname}${documented.search}`;
  const [event] = channel.webhook!.parse(
    {
      method: 'POST',
      publicUrl: 'https://bot.example.com/webhooks/autos/gupshup',
      headers: { 'content-type': 'application/json' },
      query: {},
      body: Buffer.from(JSON.stringify(payload)),
    },
    connection,
  );
  if (event?.type !== 'message') throw new Error('no message');
  return mediaRefsOf(event.message.payload ?? {});
}

describe('gupshup media download', () => {
  it("fetches the webhook's URL as it is, without the API key", async () => {
    const [image] = recordedImage();
    expect(image).toMatchObject({ kind: 'image', mimeType: 'image/jpeg' });

    const file = await channel.downloadMedia!(image!, connection);

    expect(file).toEqual({ bytes: Buffer.from('OggS-audio-bytes'), mimeType: 'image/jpeg' });
    expect(files.requests).toHaveLength(1);
    expect(files.requests[0]).toMatchObject({
      method: 'GET',
      path: '/wa/23038a99-929b-408b-80eb-4d30cebb93d4/wa/media/2f997fea-9696-46c4-a2e5-8667fd27988d',
    });
    expect(files.requests[0]?.query.get('download')).toBe('false');
    expect(JSON.stringify(files.requests[0]?.headers)).not.toContain(API_KEY);
  });

  it('takes the MIME type from the file when the webhook gave none', async () => {
    const file = await channel.downloadMedia!({ kind: 'voice', url: `${files.baseUrl}/voice` }, connection);
    expect(file.mimeType).toBe('audio/ogg; codecs=opus');
  });

  it('explains why media named only by a Meta id (v3 webhooks) cannot be fetched', async () => {
    await expect(
      channel.downloadMedia!({ kind: 'voice', mediaId: '1234' }, connection),
    ).rejects.toMatchObject({
      code: 'not_downloadable',
      message: expect.stringMatching(/voice 1234 came without a download URL .* v2 webhook format/),
    });
  });

  it('reports an expired URL', async () => {
    files.respondWith(() => ({ status: 403, body: 'expired' }));
    await expect(
      channel.downloadMedia!({ kind: 'image', url: `${files.baseUrl}/old?download=false` }, connection),
    ).rejects.toMatchObject({
      code: 'http_403',
      message: expect.stringContaining(`Gupshup media ${files.baseUrl}/old`),
    });
  });
});
