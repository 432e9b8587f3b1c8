/** The media customers send, as every layer sees it: what kind it is, where its channel fetches it. */

export const MEDIA_KINDS = ['image', 'audio', 'voice', 'video', 'document', 'sticker'] as const;

/** `voice` is a voice note recorded in the chat; `audio` an audio file. */
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * One media file of a `media` message, read from the normalised `payload` every channel writes:
 * `mediaKind`, `mimeType`, and where to fetch it — `mediaId` (WhatsApp Cloud, Telegram's file id,
 * Gupshup v3) or `url` (Twilio, Gupshup v2).
 */
export interface MediaRef {
  kind: MediaKind;
  mimeType?: string;
  mediaId?: string;
  url?: string;
}

/** A media file fetched with its connection's credentials. */
export interface DownloadedMedia {
  bytes: Buffer;
  mimeType: string;
}

/** Media that could not be fetched; the message says which media and why, never a secret. */
export class MediaDownloadError extends Error {
  /** `not_configured`, `not_downloadable`, `too_large`, `timeout`, `network`, `http_<status>` … */
  readonly code: string;
  readonly retryable: boolean;

  constructor(message: string, options: { code: string; retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MediaDownloadError';
    this.code = options.code;
    this.retryable = options.retryable;
  }
}

/** What a turn's media became before the engine read it. */
export interface TurnMedia {
  /** The kind of the turn's first media. */
  kind: MediaKind;
  /** Whether all of it became text: voice notes transcribed, images described. */
  understood: boolean;
}

/**
 * The media files of a message's payload: one for most channels, up to ten for Twilio (`payload.media`,
 * a list of `{ url, mimeType, kind }`). Telegram marks a voice note as `audio` with `voice: true`. Kinds
 * that are not media files (Twilio's vCards) are left out.
 */
export function mediaRefsOf(payload: Record<string, unknown>): MediaRef[] {
  if (Array.isArray(payload.media)) {
    return payload.media.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const ref = refOf(item as Record<string, unknown>, (item as Record<string, unknown>).kind);
      return ref ? [ref] : [];
    });
  }
  const ref = refOf(payload, payload.voice === true ? 'voice' : payload.mediaKind);
  return ref ? [ref] : [];
}

function refOf(fields: Record<string, unknown>, kind: unknown): MediaRef | undefined {
  if (!isMediaKind(kind)) return undefined;
  const mimeType = text(fields.mimeType);
  const mediaId = text(fields.mediaId);
  const url = text(fields.url);
  if (!mediaId && !url) return undefined;
  return {
    kind,
    ...(mimeType ? { mimeType } : {}),
    ...(mediaId ? { mediaId } : {}),
    ...(url ? { url } : {}),
  };
}

function isMediaKind(value: unknown): value is MediaKind {
  return (MEDIA_KINDS as readonly unknown[]).includes(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** How a media file is named in logs and errors: its id or URL, never its content. */
export function describeMedia(media: MediaRef): string {
  return media.mediaId ? `${media.kind} ${media.mediaId}` : `${media.kind} at ${media.url ?? '?'}`;
}
