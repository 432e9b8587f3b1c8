/** A customer's media for the turn: the download URL Gupshup put in the webhook. */
import { describeMedia, MediaDownloadError, type DownloadedMedia, type MediaRef } from '../../core/media.ts';
import { fetchMediaFile, type MediaDownloadOptions } from '../media-download.ts';

/**
 * `GET url`: Gupshup's media URLs (`filemanager.gupshup.io`, valid until the payload's `urlExpiry`) need
 * no credentials, so none are sent. A v3 (Meta-shaped) payload may name the media only by Meta's id, which
 * Gupshup's partner API alone can resolve: such media is not downloadable here.
 */
export async function downloadGupshupMedia(
  media: MediaRef,
  options: MediaDownloadOptions = {},
): Promise<DownloadedMedia> {
  if (!media.url) {
    throw new MediaDownloadError(
      `${describeMedia(media)} came without a download URL — Gupshup sends one in its v2 webhook format; choose it for the app's callback`,
      { code: 'not_downloadable', retryable: false },
    );
  }
  return fetchMediaFile(
    { url: media.url, what: `Gupshup media ${media.url.split('?')[0]}`, mimeType: media.mimeType },
    options,
  );
}
