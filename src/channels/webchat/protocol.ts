/**
 * The web chat socket protocol: JSON frames `{ type, … }`, events named noun-then-verb. Documented for
 * widget authors in docs/channels/webchat.md.
 */
import { z } from 'zod';
import type { Button } from '../../core/messages.ts';

/** A client-generated id: a re-sent frame with the same id is stored once. */
const clientId = z
  .string({ error: 'missing — give every frame an id of 1 to 64 letters, digits, "-" or "_"' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id — use 1 to 64 letters, digits, "-" or "_"');

export const clientFrameSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('chat-create'), id: clientId }),
    z
      .object({
        type: z.literal('message-create'),
        id: clientId,
        text: z.string().optional(),
        buttonId: z.string().min(1).max(256).optional(),
      })
      .refine((frame) => (frame.text === undefined) !== (frame.buttonId === undefined), {
        message: 'give either text or buttonId',
      }),
  ],
  { error: 'unknown type — send chat-create or message-create' },
);

export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ChatStatus = 'bot' | 'pending_human' | 'human';

export interface ChatView {
  /** The conversation id. */
  id: string;
  status: ChatStatus;
  /** The agent who answers, while one does. */
  agent: { name: string } | null;
}

export interface MessageView {
  id: number;
  chatId: string;
  /** `in`: from the visitor; `out`: from the bot or an agent. */
  direction: 'in' | 'out';
  text: string;
  buttons?: Button[];
  list?: { button: string; rows: Button[] };
  author: { role: 'visitor' | 'bot' | 'agent'; name?: string };
  /** In: `received`, `processed`, `failed`. Out: `sent`, `delivered`, `read`. */
  status: string;
  /** The id the widget gave the message, for the visitor's own messages. */
  clientId?: string;
  createdAt: string;
}

/** Why a visitor's message was refused; nothing was stored. */
export type RejectionReason = 'too_long' | 'empty' | 'rate_limited' | 'unknown_button' | 'invalid_frame';

export type ServerEvent =
  | { type: 'socket-opened'; visitorId: string; chat: ChatView | null }
  | { type: 'chat-created'; chat: ChatView }
  | { type: 'message-created'; message: MessageView }
  | { type: 'message-status-changed'; id: number; status: string }
  | { type: 'typing-started' }
  | { type: 'chat-assigned'; chat: ChatView; agent: { name: string } }
  | { type: 'chat-released'; chat: ChatView }
  | {
      type: 'message-rejected';
      /** The frame's id, when it could be read. */
      id: string | null;
      reason: RejectionReason;
      /** For the visitor, in the tenant's language. */
      message: string;
      /** For the widget's author: what was wrong with the frame. */
      detail?: string;
    };

/** Close codes the widget acts on (4000–4999 are free for applications). */
export const CLOSE_CODES = {
  /** The token is malformed, forged or signed with an old secret: register a new visitor. */
  tokenRefused: 4401,
  /** The page's site is not in the connection's `allowedOrigins`. */
  originRefused: 4403,
  /** The visitor sent more frames than are processed at once. */
  tooManyFrames: 4429,
} as const;
