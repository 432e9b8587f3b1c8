import type { MediaKind, TurnMedia } from '../core/media.ts';
import type { TurnContext } from '../skills/skill.ts';
import type { Step } from './compose-steps.ts';

/** The reply asking for the message in writing, by what could not be understood. */
const TEMPLATE_BY_KIND: Record<MediaKind, string> = {
  voice: 'dialogue.media_audio',
  audio: 'dialogue.media_audio',
  image: 'dialogue.media_image',
  sticker: 'dialogue.media_image',
  video: 'dialogue.media_file',
  document: 'dialogue.media_file',
};

/** The turn as this step reads it: the engine sets `media` from `TurnInput.media`. */
type MediaTurnContext = TurnContext & { readonly media?: TurnMedia };

/**
 * A turn that is only media nobody could understand — no language model for it, or its download or the
 * model failed — is answered with a polite request to write the message instead. Media that came with text
 * (a caption, another message of the burst) goes on to be understood from that text.
 */
export const mediaStep: Step<MediaTurnContext> = async (context, next) => {
  const media = context.media;
  if (!media || media.understood || context.text.trim() !== '') return next();
  context.say(TEMPLATE_BY_KIND[media.kind]);
};
