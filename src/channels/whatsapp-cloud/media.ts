/** A customer's media for the turn: Meta's two-step retrieval, with the connection's access token. */
import { describeMedia, MediaDownloadError, type DownloadedMedia, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { MAX_MEDIA_BYTES, type MediaDownloadOptions } from '../media-download.ts';
import { downloadMedia } from './client.ts';

/**
 * `GET {apiBaseUrl}/{apiVersion}/{media-id}` answers a short-lived URL, which is fetched with the same
 * bearer token. Throws a WhatsAppApiError (Meta's code, `retryable`) or a MediaDownloadError.
 */
export async function downloadWhatsAppMedia(
  media: MediaRef,
  connection: ConnectionConfig,
  options: MediaDownloadOptions = {},
): Promise<DownloadedMedia> {
  if (!media.mediaId) {
    throw new MediaDownloadError(`${describeMedia(media)} has no WhatsApp media id to download it by`, {
      code: 'not_downloadable',
      retryable: false,
    });
  }
  const { data, mimeType } = await downloadMedia(media.mediaId, connection, {
    ...options,
    maxBytes: options.maxBytes ?? MAX_MEDIA_BYTES,
  });
  return { bytes: data, mimeType: media.mimeType ?? mimeType };
}
