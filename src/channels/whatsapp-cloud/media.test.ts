import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { mediaRefsOf, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import type { RawRequest } from '../channel.ts';
import { createWhatsAppCloudChannel } from './index.ts';
import { downloadWhatsAppMedia } from './media.ts';

const FIXTURES = join(import.meta.dirname, '__fixtures__');
const TOKEN = 'EAAJB-media-token';
const VOICE_BYTES = 'OggS-voice-note-bytes';

let graph: FakeProvider;
beforeAll(async () => {
  graph = await startFakeProvider(() => ({ status: 404, body: {} }));
});
afterAll(async () => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
  // Meta's answer to GET /{media-id} (media_retrieve_url.response.json), then the file at its URL.
  graph.respondWith((request) =>
    request.path.startsWith('/v23.0/')
      ? {
          status: 200,
          body: {
            ...fixture('media_retrieve_url.response.json'),
            id: request.path.split('/').pop(),
            mime_type: 'audio/ogg',
            url: `${graph.baseUrl}/whatsapp_business/attachments/?mid=${request.path.split('/').pop()}`,
          },
        }
      : { status: 200, body: VOICE_BYTES, headers: { 'content-type': 'audio/ogg' } },
  );
});

const channel = createWhatsAppCloudChannel();

function connection(settings: Record<string, unknown> = {}): ConnectionConfig {
  return {
    id: 'whatsapp',
    channel: 'whatsapp-cloud',
    settings: { phoneNumberId: '1122334455667', accessToken: TOKEN, apiBaseUrl: graph.baseUrl, ...settings },
  };
}

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

/** The media of a recorded webhook, as the turn reads it from the stored payload. */
function mediaOf(name: string): MediaRef[] {
  const request: RawRequest = {
    method: 'POST',
    publicUrl: 'https://orquesta.example/webhooks/clinica/whatsapp',
    headers: { 'content-type': 'application/json' },
    query: {},
    body: readFileSync(join(FIXTURES, name)),
  };
  const [event] = channel.webhook!.parse(request, connection());
  if (event?.type !== 'message') throw new Error(`${name} holds no message`);
  return mediaRefsOf(event.message.payload ?? {});
}

describe('whatsapp-cloud media download', () => {
  it('reads a voice note from the webhook and fetches it in two steps with the bearer token', async () => {
    const [voice] = mediaOf('inbound_voice.json');
    expect(voice).toEqual({
      kind: 'voice',
      mediaId: '1234567890987654321',
      mimeType: 'audio/ogg; codecs=opus',
    });

    const file = await channel.downloadMedia!(voice!, connection());

    expect(file.bytes.toString()).toBe(VOICE_BYTES);
    expect(file.mimeType).toBe('audio/ogg; codecs=opus');
    expect(
      graph.requests.map((request) => [request.method, request.path, request.headers.authorization]),
    ).toEqual([
      ['GET', '/v23.0/1234567890987654321', `Bearer ${TOKEN}`],
      ['GET', '/whatsapp_business/attachments/', `Bearer ${TOKEN}`],
    ]);
  });

  it('reads an image the same way', async () => {
    const [image] = mediaOf('inbound_image.json');
    expect(image).toMatchObject({ kind: 'image', mimeType: 'image/jpeg' });
    await channel.downloadMedia!(image!, connection());
    expect(graph.requests[0]?.path).toBe(`/v23.0/${image!.mediaId}`);
  });

  it('refuses a file over the size limit', async () => {
    graph.respondWith((request) =>
      request.path.startsWith('/v23.0/')
        ? { status: 200, body: { url: `${graph.baseUrl}/big`, mime_type: 'audio/ogg' } }
        : { status: 200, body: 'x'.repeat(2048) },
    );
    await expect(
      downloadWhatsAppMedia({ kind: 'voice', mediaId: '7' }, connection(), { maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'media_too_large', retryable: false });
  });

  it('says what is missing: the access token, or the media id', async () => {
    await expect(
      channel.downloadMedia!({ kind: 'voice', mediaId: '7' }, connection({ accessToken: '' })),
    ).rejects.toThrow(/has no accessToken: set WHATSAPP_ACCESS_TOKEN/);
    await expect(
      channel.downloadMedia!({ kind: 'image', url: 'https://x.test/a' }, connection()),
    ).rejects.toMatchObject({ code: 'not_downloadable' });
    expect(graph.requests).toEqual([]);
  });

  it("passes Meta's error on", async () => {
    graph.respondWith(() => ({
      status: 400,
      body: { error: { code: 100, message: 'Unsupported get request' } },
    }));
    await expect(channel.downloadMedia!({ kind: 'voice', mediaId: '7' }, connection())).rejects.toMatchObject(
      {
        code: '100',
        retryable: false,
      },
    );
  });
});
