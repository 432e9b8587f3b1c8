import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startFakeProvider,
  type FakeProvider,
  type RecordedRequest,
} from '../../../test/support/fake-provider.ts';
import { mediaRefsOf, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { createTelegramChannel } from './index.ts';
import { downloadTelegramMedia } from './media.ts';

const FIXTURES = resolve(import.meta.dirname, '__fixtures__');
const TOKEN = '123456:media-TOKEN_secret';

let telegram: FakeProvider;
beforeAll(async () => {
  telegram = await startFakeProvider(() => ({ status: 404, body: {} }));
});
afterAll(async () => telegram.close());
beforeEach(() => {
  telegram.requests.length = 0;
  telegram.respondWith(botApi('voice/file_7.oga', 23000));
});

/** The Bot API: `getFile` answers a File (https://core.telegram.org/bots/api#file), the file server its bytes. */
function botApi(filePath: string | undefined, fileSize: number) {
  return (request: RecordedRequest) =>
    request.path === `/bot${TOKEN}/getFile`
      ? {
          status: 200,
          body: {
            ok: true,
            result: {
              file_id: (request.json as { file_id: string }).file_id,
              file_unique_id: 'AgADbX',
              file_size: fileSize,
              ...(filePath ? { file_path: filePath } : {}),
            },
          },
        }
      : {
          status: 200,
          body: `bytes of ${request.path.split('/').pop()}`,
          headers: { 'content-type': 'application/octet-stream' },
        };
}

const channel = createTelegramChannel();
const connection = (settings: Record<string, unknown> = {}) =>
  ({
    id: 'telegram',
    channel: 'telegram',
    settings: { botToken: TOKEN, webhookSecret: 'secret', apiBaseUrl: telegram.baseUrl, ...settings },
  }) as ConnectionConfig;

function mediaOf(name: string): MediaRef[] {
  const [event] = channel.webhook!.parse(
    {
      method: 'POST',
      publicUrl: 'https://bot.example.com/webhooks/isp/telegram',
      headers: { 'content-type': 'application/json' },
      query: {},
      body: readFileSync(resolve(FIXTURES, name)),
    },
    connection(),
  );
  if (event?.type !== 'message') throw new Error(`${name} holds no message`);
  return mediaRefsOf(event.message.payload ?? {});
}

describe('telegram media download', () => {
  it('reads a voice note from the update, asks getFile for its path and fetches it from the file server', async () => {
    const [voice] = mediaOf('update_message_voice.json');
    expect(voice).toEqual({
      kind: 'voice',
      mediaId: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
      mimeType: 'audio/ogg',
    });

    const file = await channel.downloadMedia!(voice!, connection());

    expect(file).toEqual({ bytes: Buffer.from('bytes of file_7.oga'), mimeType: 'audio/ogg' });
    expect(telegram.requests.map((request) => [request.method, request.path, request.json])).toEqual([
      ['POST', `/bot${TOKEN}/getFile`, { file_id: voice!.mediaId }],
      ['GET', `/file/bot${TOKEN}/voice/file_7.oga`, undefined],
    ]);
  });

  it('takes a photo (the largest size) as a JPEG image, which the update does not say', async () => {
    telegram.respondWith(botApi('photos/file_3.jpg', 1883));
    const [photo] = mediaOf('update_message_photo_chatwoot.json');
    expect(photo?.kind).toBe('image');
    const file = await channel.downloadMedia!(photo!, connection());
    expect(file.mimeType).toBe('image/jpeg');
  });

  it('refuses a file over the limit without fetching it, and one Telegram gives no path for', async () => {
    telegram.respondWith(botApi('voice/file_8.oga', 5000));
    await expect(
      downloadTelegramMedia({ kind: 'voice', mediaId: 'big' }, connection(), { maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'too_large' });
    telegram.respondWith(botApi(undefined, 15_000_000));
    await expect(
      channel.downloadMedia!({ kind: 'video', mediaId: 'huge' }, connection()),
    ).rejects.toMatchObject({
      code: 'not_downloadable',
      message: expect.stringMatching(/no file_path for Telegram file huge/),
    });
    expect(telegram.requests.every((request) => request.path.endsWith('/getFile'))).toBe(true);
  });

  it("reports Telegram's errors and failed downloads without the bot token", async () => {
    telegram.respondWith(() => ({
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
    }));
    const refused = await channel.downloadMedia!({ kind: 'voice', mediaId: 'nope' }, connection()).catch(
      (error: Error) => error,
    );
    expect(refused).toMatchObject({ code: '400', message: 'Bad Request: invalid file_id' });

    telegram.respondWith((request) =>
      request.path.endsWith('/getFile')
        ? botApi('voice/file_9.oga', 10)(request)
        : { status: 404, body: 'Not Found' },
    );
    const missing = await channel.downloadMedia!({ kind: 'voice', mediaId: 'gone' }, connection()).catch(
      (error: Error) => error,
    );
    expect(missing).toMatchObject({
      code: 'http_404',
      message: expect.stringContaining('Telegram file gone'),
    });
    expect((missing as Error).message).not.toContain(TOKEN);

    const unreachable = connection({ apiBaseUrl: 'http://127.0.0.1:9' });
    const failed = await channel.downloadMedia!({ kind: 'voice', mediaId: 'x' }, unreachable).catch(
      (error: Error) => error,
    );
    expect(String((failed as Error).message)).not.toContain(TOKEN);
  });

  it('needs the bot token', async () => {
    await expect(
      channel.downloadMedia!({ kind: 'voice', mediaId: 'x' }, connection({ botToken: '' })),
    ).rejects.toThrow(/has no botToken: set TELEGRAM_BOT_TOKEN/);
  });
});
