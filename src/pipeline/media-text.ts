/**
 * Media → text, the first part of understanding a turn: voice notes are transcribed and images described
 * by the tenant's language model, so that the NLU reads what the customer said or showed. Without a model
 * for it, or when a download or a call fails, the media stays not understood and the turn engine asks the
 * customer to write instead (`src/dialogue/media-step.ts`). Nothing here throws: a turn never fails over
 * media. Media ids and URLs are logged; contents and transcriptions never are.
 */
import { parseStoredJson } from '../core/json.ts';
import {
  describeMedia,
  mediaRefsOf,
  type DownloadedMedia,
  type MediaRef,
  type TurnMedia,
} from '../core/media.ts';
import type { LlmCall, LlmClient, LlmUsage } from '../llm/llm.ts';
import type { Logger } from '../observability/logger.ts';
import type { ConversationState, Locale } from '../skills/skill.ts';
import type { MessageRow } from '../storage/schema.ts';
import type { ConnectionConfig, TenantConfig } from '../tenancy/config-schema.ts';

/** A channel that can fetch media (the `Channel.downloadMedia` of `src/channels/channel.ts`). */
export interface MediaSource {
  connection: ConnectionConfig;
  channel: { downloadMedia?(media: MediaRef, connection: ConnectionConfig): Promise<DownloadedMedia> };
}

export interface MediaUnderstanderOptions {
  tenants: ReadonlyMap<string, Pick<TenantConfig, 'locale'>>;
  /** The tenant's language model; null or undefined without one. */
  llmOf(tenantId: string): LlmClient | null | undefined;
  /** A connection and its channel (the channel registry's `resolve`). */
  resolve(tenantId: string, connectionId: string): MediaSource | undefined;
}

/** The turn whose messages may carry media. */
export interface MediaTurn {
  tenantId: string;
  connectionId: string;
  conversationId: string;
  /** The turn's key, recorded with its language-model calls. */
  turnKey: string;
  state: ConversationState;
  /** The turn's messages, in order. */
  burst: readonly Pick<MessageRow, 'kind' | 'text' | 'payload'>[];
  log: Logger;
}

/** What the turn engine reads instead of the messages' own text (fields of `TurnInput`). */
export interface MediaText {
  /** The messages' text joined by new lines, each understood media's transcription or description in it. */
  text: string;
  media: TurnMedia;
  /** The calls made to understand the media, for the turn's record. */
  llmUsage: LlmUsage[];
  /** When the turn's time budget for language-model calls ends; it started with these calls. */
  llmDeadline?: number;
}

/** Understands a turn's media; undefined when its messages carry none. */
export type MediaUnderstander = (turn: MediaTurn) => Promise<MediaText | undefined>;

const IMAGE_LABEL: Record<Locale, string> = { es: 'imagen', en: 'image' };
/** A description is one or two sentences. */
const DESCRIPTION_MAX_TOKENS = 200;

export function createMediaUnderstander(options: MediaUnderstanderOptions): MediaUnderstander {
  return async (turn) => {
    const messages = turn.burst.map((message) => ({
      text: message.text,
      media:
        message.kind === 'media'
          ? mediaRefsOf(parseStoredJson<Record<string, unknown>>(message.payload, {}))
          : [],
    }));
    const first = messages.flatMap((message) => message.media)[0];
    if (!first) return undefined;

    const llm = options.llmOf(turn.tenantId);
    const source = options.resolve(turn.tenantId, turn.connectionId);
    const remembered = turn.state.locale;
    const locale: Locale =
      remembered === 'es' || remembered === 'en'
        ? remembered
        : (options.tenants.get(turn.tenantId)?.locale ?? 'es');
    const llmUsage: LlmUsage[] = [];
    const llmDeadline = llm ? Date.now() + llm.config.turnBudgetMs : undefined;
    const reader: MediaReader = {
      llm: llm ?? null,
      download:
        source?.channel.downloadMedia && ((media) => source.channel.downloadMedia!(media, source.connection)),
      locale,
      call: {
        conversationId: turn.conversationId,
        turnKey: turn.turnKey,
        ...(llmDeadline === undefined ? {} : { deadline: llmDeadline }),
        onUsage: (usage) => llmUsage.push(usage),
      },
      log: turn.log,
    };

    const texts = await Promise.all(
      messages.map(async (message) => {
        const understood = await Promise.all(
          message.media.map((media) => understand(media, message.text, reader)),
        );
        return {
          parts: [...understood, message.text],
          understood: understood.every((part) => part !== null),
        };
      }),
    );
    return {
      text: texts
        .map(({ parts }) => parts.filter((part): part is string => Boolean(part?.trim())).join('\n'))
        .filter((text) => text !== '')
        .join('\n'),
      media: { kind: first.kind, understood: texts.every((message) => message.understood) },
      llmUsage,
      ...(llmDeadline === undefined ? {} : { llmDeadline }),
    };
  };
}

interface MediaReader {
  llm: LlmClient | null;
  download: ((media: MediaRef) => Promise<DownloadedMedia>) | undefined;
  locale: Locale;
  call: Omit<LlmCall, 'purpose'>;
  log: Logger;
}

/** The text one media file stands for, or null when it could not be understood. */
async function understand(media: MediaRef, caption: string, reader: MediaReader): Promise<string | null> {
  const { llm, log } = reader;
  const audio = media.kind === 'voice' || media.kind === 'audio';
  const image = media.kind === 'image';
  const able = llm?.uses('media') && (image || (audio && llm.config.transcriptionModel !== undefined));
  if (!llm || !able || !reader.download) {
    const reason = able ? 'its channel cannot download media' : 'no language model reads it';
    log.info({ media: describeMedia(media) }, `media not understood: ${reason}`);
    return null;
  }
  let file: DownloadedMedia;
  try {
    file = await reader.download(media);
  } catch (error) {
    log.warn({ err: error, media: describeMedia(media) }, 'media download failed');
    return null;
  }
  const mimeType = (file.mimeType.split(';')[0] ?? '').trim() || 'application/octet-stream';
  try {
    const text = audio
      ? await llm.transcribe({ bytes: file.bytes, mimeType }, { ...reader.call, purpose: 'transcribe' })
      : await describeImage(llm, { ...file, mimeType }, caption, reader);
    const understood = text?.trim() || null;
    log.info(
      { media: describeMedia(media), bytes: file.bytes.length, understood: understood !== null },
      audio ? 'voice note transcribed' : 'image described',
    );
    return understood && image ? `[${IMAGE_LABEL[reader.locale]}: ${understood}]` : understood;
  } catch (error) {
    // The client does not throw for a provider's failure; a prompt override could, and must not fail the turn.
    log.warn({ err: error, media: describeMedia(media) }, 'media could not be understood');
    return null;
  }
}

/** A vision chat: the instructions as the system message, the image (a data URL) and caption as user content. */
async function describeImage(
  llm: LlmClient,
  file: DownloadedMedia,
  caption: string,
  reader: MediaReader,
): Promise<string | null> {
  const answer = await llm.chat(
    {
      ...(llm.config.visionModel ? { model: llm.config.visionModel } : {}),
      maxTokens: DESCRIPTION_MAX_TOKENS,
      messages: [
        { role: 'system', content: llm.prompt(reader.locale, 'describe_image') },
        {
          role: 'user',
          content: [
            ...(caption.trim() ? [{ type: 'text' as const, text: caption }] : []),
            {
              type: 'image_url' as const,
              image_url: { url: `data:${file.mimeType};base64,${file.bytes.toString('base64')}` },
            },
          ],
        },
      ],
    },
    { ...reader.call, purpose: 'describe' },
  );
  return answer?.text ?? null;
}
