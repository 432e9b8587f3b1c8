/** A customer's media for the turn: Twilio's `MediaUrl`, fetched with the account's credentials. */
import { describeMedia, MediaDownloadError, type DownloadedMedia, type MediaRef } from '../../core/media.ts';
import type { ConnectionConfig } from '../../tenancy/config-schema.ts';
import { fetchMediaFile, type MediaDownloadOptions } from '../media-download.ts';
import { missingSecret, settingsOf } from './settings.ts';

/**
 * `GET MediaUrl` with HTTP basic auth (Account SID : Auth Token), which accounts that enforce HTTP auth on
 * media require; Twilio redirects to a short-lived copy, and the credentials are not sent on to it (the
 * Fetch standard drops `authorization` on a redirect to another origin). They are sent only to Twilio's
 * own hosts (or the configured API base URL), never to whatever a payload names.
 */
export async function downloadTwilioMedia(
  media: MediaRef,
  connection: ConnectionConfig,
  options: MediaDownloadOptions = {},
): Promise<DownloadedMedia> {
  const settings = settingsOf(connection);
  if (!media.url) {
    throw new MediaDownloadError(`${describeMedia(media)} has no MediaUrl to download it from`, {
      code: 'not_downloadable',
      retryable: false,
    });
  }
  let headers: Record<string, string> = {};
  if (isTwilioUrl(media.url, settings.apiBaseUrl)) {
    const { accountSid, authToken } = settings;
    if (!accountSid || !authToken) {
      throw new MediaDownloadError(missingSecret(connection, accountSid ? 'authToken' : 'accountSid'), {
        code: 'not_configured',
        retryable: false,
      });
    }
    headers = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` };
  }
  return fetchMediaFile(
    { url: media.url, headers, what: `Twilio media ${media.url}`, mimeType: media.mimeType },
    options,
  );
}

function isTwilioUrl(url: string, apiBaseUrl: string): boolean {
  const target = new URL(url);
  if (target.origin === new URL(apiBaseUrl).origin) return true;
  return target.protocol === 'https:' && /(^|\.)twilio\.com$/.test(target.hostname);
}
