/** A customer's media for the turn: the Bot API's `getFile`, then the file from Telegram's file server. */
import { z } from 'zod';
import { describeMedia, MediaDownloadError, type DownloadedMedia, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { fetchMediaFile, MAX_MEDIA_BYTES, tooLarge, type MediaDownloadOptions } from '../media-download.ts';
import { createTelegramClient } from './client.ts';
import { missingSecret, settingsOf } from './settings.ts';

const fileSchema = z.looseObject({
  file_path: z.string().min(1).optional().catch(undefined),
  file_size: z.number().optional().catch(undefined),
});

/**
 * `getFile` with the message's `file_id` gives a `file_path`, valid for at least an hour, fetched from
 * `{apiBaseUrl}/file/bot<token>/<file_path>`. Bots download files of up to 20 MB, so a larger file comes
 * without a path. The token is part of that URL: errors name the file id instead. Photos carry no MIME
 * type in the update; Telegram stores them as JPEG.
 */
export async function downloadTelegramMedia(
  media: MediaRef,
  connection: ConnectionConfig,
  options: MediaDownloadOptions = {},
): Promise<DownloadedMedia> {
  const { botToken, apiBaseUrl } = settingsOf(connection);
  if (!botToken) {
    throw new MediaDownloadError(missingSecret(connection, 'botToken'), {
      code: 'not_configured',
      retryable: false,
    });
  }
  if (!media.mediaId) {
    throw new MediaDownloadError(`${describeMedia(media)} has no Telegram file id to download it by`, {
      code: 'not_downloadable',
      retryable: false,
    });
  }
  const what = `Telegram file ${media.mediaId}`;
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  const client = createTelegramClient({
    botToken,
    apiBaseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const file = await client.call('getFile', { file_id: media.mediaId }, fileSchema);
  if (file.file_size !== undefined && file.file_size > maxBytes) throw tooLarge(what, maxBytes);
  if (!file.file_path) {
    throw new MediaDownloadError(
      `Telegram gave no file_path for ${what}: bots cannot download files over 20 MB`,
      {
        code: 'not_downloadable',
        retryable: false,
      },
    );
  }
  return fetchMediaFile(
    {
      url: `${apiBaseUrl}/file/bot${botToken}/${file.file_path.split('/').map(encodeURIComponent).join('/')}`,
      what,
      mimeType: media.mimeType ?? (media.kind === 'image' ? 'image/jpeg' : undefined),
    },
    { ...options, maxBytes },
  );
}
