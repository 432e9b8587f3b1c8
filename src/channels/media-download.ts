/** Fetching a customer's media file: one GET, bounded in time and size, for every channel's `downloadMedia`. */
import { MediaDownloadError, type DownloadedMedia } from '../core/media.ts';

/** The largest media file downloaded: WhatsApp's limit for audio and video, well above a voice note or photo. */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

export interface MediaDownloadOptions {
  /** The HTTP client; the global `fetch` by default. */
  fetch?: typeof fetch;
  /** How long the download may take, body included. */
  timeoutMs?: number;
  /** Larger files are refused (`too_large`); `MAX_MEDIA_BYTES` by default. */
  maxBytes?: number;
}

export interface MediaFileRequest {
  url: string;
  headers?: Record<string, string>;
  /** How errors name the file (its id or a URL without secrets): the URL itself may hold a token. */
  what: string;
  /** The MIME type the provider announced; wins over the response's `content-type`. */
  mimeType?: string | undefined;
}

/** Downloads one file; throws a MediaDownloadError that says what failed, never with the URL's secrets. */
export async function fetchMediaFile(
  request: MediaFileRequest,
  options: MediaDownloadOptions = {},
): Promise<DownloadedMedia> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await (options.fetch ?? globalThis.fetch)(request.url, {
      headers: request.headers ?? {},
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      const status = response.status;
      throw new MediaDownloadError(`downloading ${request.what} failed: the provider answered ${status}`, {
        code: `http_${status}`,
        retryable: status === 408 || status === 429 || status >= 500,
      });
    }
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw tooLarge(request.what, maxBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(request.what, maxBytes);
      chunks.push(Buffer.from(chunk));
    }
    const announced = response.headers.get('content-type') ?? undefined;
    return {
      bytes: Buffer.concat(chunks),
      mimeType:
        request.mimeType ??
        (announced && !announced.startsWith('application/octet-stream') ? announced : undefined) ??
        'application/octet-stream',
    };
  } catch (error) {
    if (error instanceof MediaDownloadError) throw error;
    const timedOut = signal.aborted;
    // The cause is left out: a network error may quote the URL, and some URLs carry a token.
    throw new MediaDownloadError(
      timedOut
        ? `downloading ${request.what} took longer than ${timeoutMs} ms`
        : `downloading ${request.what} failed: the provider could not be reached`,
      { code: timedOut ? 'timeout' : 'network', retryable: true },
    );
  }
}

export function tooLarge(what: string, maxBytes: number): MediaDownloadError {
  return new MediaDownloadError(`${what} is larger than ${maxBytes} bytes and is not downloaded`, {
    code: 'too_large',
    retryable: false,
  });
}
