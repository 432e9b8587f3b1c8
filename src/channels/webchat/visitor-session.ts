/**
 * One visitor's open socket. The visitor's frames are checked and stored through the same inbox as every
 * channel's messages; everything the visitor is shown is read back from the database: every message of
 * theirs with an id above the last one sent, when woken (a reply was sent, a frame was stored, a turn
 * started) and on a short poll, so that a reply sent by another process arrives too. Events go out in id
 * order, and a reply still waiting in the outbox holds back what comes after it, so none is skipped.
 */
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { Clock } from '../../core/clock.ts';
import { parseJsonWith } from '../../core/json.ts';
import type { InboundMessage } from '../../core/messages.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Database } from '../../storage/schema.ts';
import {
  CLOSE_CODES,
  clientFrameSchema,
  type ChatView,
  type ClientFrame,
  type MessageView,
  type RejectionReason,
  type ServerEvent,
} from './protocol.ts';
import type { WebchatSettings } from './settings.ts';
import {
  CHAT_CREATED_EVENT,
  countSentSince,
  findContactId,
  findOptionTitle,
  isStored,
  readAgentAuthors,
  readMessagesAfter,
  readOpenChat,
  readStatuses,
  type ChatRow,
  type StoredMessage,
  type VisitorRef,
} from './visitor-history.ts';
import { CHAT_OPENING_TEXT, rejectionText, type WidgetLocale } from './widget-texts.ts';

export interface VisitorSessionOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  visitor: VisitorRef;
  locale: WidgetLocale;
  settings: WebchatSettings;
  /** The last message id the widget has; it is sent everything after it. */
  after: number;
  /** The tenant's agents' names by id, for `chat-assigned` and agents' messages. */
  agentNames: ReadonlyMap<string, string>;
  /** Stores a visitor's message in the inbox (the pipeline's `ingest`). */
  ingest(message: InboundMessage): Promise<{ contactId: string }>;
  /** Records that an outbound message reached the visitor's widget. */
  markDelivered(providerMessageId: string): Promise<void>;
  /** Registers for the typing indicator; returns the unsubscribe function. */
  onTyping(listener: () => void): () => void;
  /** How often the database is read when nothing wakes the session; 1 s by default. */
  pollMs?: number;
  /** How often the socket is pinged; a socket that did not answer the previous ping is closed. 30 s by default. */
  heartbeatMs?: number;
}

export interface VisitorSession {
  /** Whether this socket shows the conversation (a delivery in it should wake the session). */
  follows(conversationId: string): boolean;
  /** Reads the database again now. */
  wake(): void;
  /** Resolves once the work in flight is done (for shutting down). */
  settled(): Promise<void>;
}

/** The smalltalk skill's greeting intent: the stored chat opening chooses it like a button would. */
const GREETING_INTENT = 'saludo';
/** Frames waiting to be handled before the socket is closed as flooding. */
const MAX_PENDING_FRAMES = 20;
const PAGE_SIZE = 200;
/** Messages whose later status changes are still reported. */
const MAX_UNSETTLED = 200;
const FINAL_STATUSES = new Set(['processed', 'failed', 'delivered', 'read']);

export function openVisitorSession(socket: WebSocket, options: VisitorSessionOptions): VisitorSession {
  const { db, clock, visitor, settings, locale } = options;
  const log = options.logger.child({
    tenant: visitor.tenantId,
    connection: visitor.connectionId,
    visitorId: visitor.visitorId,
  });
  let contactId: string | undefined;
  let cursor = options.after;
  /** The chat as last told to the visitor; undefined before the first read. */
  let chat: ChatRow | null | undefined;
  const conversations = new Set<string>();
  /** Messages sent to the visitor whose status may still change, with the status they were told. */
  const unsettled = new Map<number, string>();
  let closed = false;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;
  let pendingFrames = 0;
  let answeredPing = true;

  const ready = start().catch((error: unknown) => {
    log.error({ err: error }, 'web chat socket could not start');
    socket.close(1011, 'internal error');
  });
  let frames: Promise<void> = ready;

  socket.on('message', (data, isBinary) => {
    if (pendingFrames >= MAX_PENDING_FRAMES) {
      socket.close(CLOSE_CODES.tooManyFrames, 'too many frames at once');
      return;
    }
    pendingFrames += 1;
    const text = isBinary ? null : data.toString();
    frames = frames
      // A frame that arrived before the socket closed is still stored: the visitor did send it.
      .then(() => handleFrame(text))
      .catch((error: unknown) => {
        log.error({ err: error }, 'web chat frame failed');
        // The widget sends its unacknowledged messages again when it reconnects.
        socket.close(1011, 'internal error');
      })
      .finally(() => {
        pendingFrames -= 1;
      });
  });
  socket.on('pong', () => {
    answeredPing = true;
  });
  const stopTyping = options.onTyping(() => emit({ type: 'typing-started' }));
  const poll = setInterval(wake, options.pollMs ?? 1000);
  const heartbeat = setInterval(() => {
    if (!answeredPing) return socket.terminate();
    answeredPing = false;
    socket.ping();
  }, options.heartbeatMs ?? 30_000);
  socket.on('close', () => {
    closed = true;
    clearInterval(poll);
    clearInterval(heartbeat);
    stopTyping();
  });

  async function start(): Promise<void> {
    contactId = await findContactId(db, visitor);
    chat = contactId ? await readOpenChat(db, visitor.tenantId, contactId) : null;
    if (chat) conversations.add(chat.id);
    emit({ type: 'socket-opened', visitorId: visitor.visitorId, chat: chat ? chatView(chat) : null });
    wake();
  }

  function emit(event: ServerEvent): void {
    if (!closed && socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
  }

  function wake(): void {
    if (closed) return;
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = (async () => {
      await ready;
      do {
        refreshAgain = false;
        await refresh();
      } while (refreshAgain && !closed);
    })()
      .catch((error: unknown) =>
        log.warn({ err: error }, 'web chat refresh failed; retried at the next poll'),
      )
      .finally(() => {
        refreshing = null;
      });
  }

  async function refresh(): Promise<void> {
    contactId ??= await findContactId(db, visitor);
    if (!contactId || closed) return;
    announceChat(await readOpenChat(db, visitor.tenantId, contactId));

    const reached: StoredMessage[] = [];
    for (;;) {
      const rows = await readMessagesAfter(db, visitor.tenantId, contactId, cursor, PAGE_SIZE);
      const authors = await readAgentAuthors(db, visitor.tenantId, rows);
      let held = false;
      for (const row of rows) {
        if (row.direction === 'out' && (row.status === 'queued' || row.status === 'sending')) {
          held = true;
          break;
        }
        cursor = row.id;
        if (row.opensChat || (row.direction === 'out' && row.status === 'failed')) continue;
        emit({ type: 'message-created', message: messageView(row, authors) });
        if (!FINAL_STATUSES.has(row.status)) track(row.id, row.status);
        if (row.direction === 'out' && row.status === 'sent' && row.providerMessageId) reached.push(row);
      }
      if (held || rows.length < PAGE_SIZE || closed) break;
    }

    for (const row of reached) await options.markDelivered(row.providerMessageId!);
    if (unsettled.size === 0) return;
    const statuses = await readStatuses(db, [...unsettled.keys()]);
    for (const [id, told] of unsettled) {
      const status = statuses.get(id);
      if (status === undefined) unsettled.delete(id);
      else if (status !== told) {
        emit({ type: 'message-status-changed', id, status });
        if (FINAL_STATUSES.has(status)) unsettled.delete(id);
        else unsettled.set(id, status);
      }
    }
  }

  function track(id: number, status: string): void {
    unsettled.set(id, status);
    if (unsettled.size > MAX_UNSETTLED) unsettled.delete(unsettled.keys().next().value!);
  }

  /** Tells the visitor what changed about their chat since they were last told. */
  function announceChat(current: ChatRow | null): void {
    const before = chat;
    chat = current;
    if (current) conversations.add(current.id);
    if (before === undefined) return;
    if (current && current.id !== before?.id) {
      emit({ type: 'chat-created', chat: chatView(current) });
      if (current.agentId) emit({ type: 'chat-assigned', chat: chatView(current), agent: agentOf(current) });
      return;
    }
    if (current?.agentId && current.agentId !== before?.agentId) {
      emit({ type: 'chat-assigned', chat: chatView(current), agent: agentOf(current) });
    } else if (before && before.status !== 'bot' && (!current || current.status === 'bot')) {
      emit({ type: 'chat-released', chat: chatView(current ?? { ...before, status: 'bot', agentId: null }) });
    }
  }

  function agentOf(row: ChatRow): { name: string } {
    return { name: options.agentNames.get(row.agentId ?? '') ?? row.agentId ?? '' };
  }

  function chatView(row: ChatRow): ChatView {
    return { id: row.id, status: row.status, agent: row.agentId ? agentOf(row) : null };
  }

  function messageView(row: StoredMessage, authors: ReadonlyMap<number, string>): MessageView {
    const agentId = authors.get(row.id);
    const prefix = `${visitor.visitorId}:`;
    return {
      id: row.id,
      chatId: row.conversationId,
      direction: row.direction,
      text: row.text,
      ...(row.buttons ? { buttons: row.buttons } : {}),
      ...(row.list ? { list: row.list } : {}),
      author:
        row.direction === 'in'
          ? { role: 'visitor' }
          : agentId
            ? { role: 'agent', name: options.agentNames.get(agentId) ?? agentId }
            : { role: 'bot' },
      status: row.status,
      ...(row.direction === 'in' && row.providerMessageId?.startsWith(prefix)
        ? { clientId: row.providerMessageId.slice(prefix.length) }
        : {}),
      createdAt: row.createdAt,
    };
  }

  async function handleFrame(text: string | null): Promise<void> {
    const frame = text === null ? undefined : parseJsonWith(clientFrameSchema, text);
    if (!frame?.ok) {
      const detail = frame ? frame.error : 'binary frames are not read — send JSON text';
      reject(null, 'invalid_frame', undefined, `the frame could not be read: ${detail}`);
      return;
    }
    if (frame.value.type === 'chat-create') await createChat(frame.value.id);
    else await createMessage(frame.value);
  }

  async function createChat(id: string): Promise<void> {
    contactId ??= await findContactId(db, visitor);
    const open = contactId ? await readOpenChat(db, visitor.tenantId, contactId) : null;
    if (open) {
      if (open.id !== chat?.id) announceChat(open);
      else emit({ type: 'chat-created', chat: chatView(open) });
      return;
    }
    // The opening is stored like a message, so the bot greets in a turn of its own, through the pipeline.
    const stored = await options.ingest({
      connectionId: visitor.connectionId,
      providerMessageId: `${visitor.visitorId}:${id}`,
      from: visitor.visitorId,
      phone: null,
      kind: 'interactive',
      text: CHAT_OPENING_TEXT[locale],
      payload: { buttonId: GREETING_INTENT, event: CHAT_CREATED_EVENT },
    });
    contactId = stored.contactId;
    wake();
  }

  async function createMessage(frame: Extract<ClientFrame, { type: 'message-create' }>): Promise<void> {
    const providerMessageId = `${visitor.visitorId}:${frame.id}`;
    if (await isStored(db, visitor, providerMessageId)) return wake();

    let content: Pick<InboundMessage, 'kind' | 'text' | 'payload'>;
    if (frame.buttonId !== undefined) {
      const title = contactId
        ? await findOptionTitle(db, visitor.tenantId, contactId, frame.buttonId)
        : undefined;
      if (title === undefined) return reject(frame.id, 'unknown_button');
      content = { kind: 'interactive', text: title, payload: { buttonId: frame.buttonId } };
    } else {
      // PostgreSQL text cannot hold NUL characters.
      const text = (frame.text ?? '').replaceAll('\u0000', '').trim();
      if (text === '') return reject(frame.id, 'empty');
      if ([...text].length > settings.maxTextLength)
        return reject(frame.id, 'too_long', settings.maxTextLength);
      content = { kind: 'text', text, payload: {} };
    }

    if (contactId) {
      const since = new Date(clock.now().getTime() - 60_000).toISOString();
      const sent = await countSentSince(db, visitor.tenantId, contactId, since);
      if (sent >= settings.rateLimitPerMinute)
        return reject(frame.id, 'rate_limited', settings.rateLimitPerMinute);
    }
    const stored = await options.ingest({
      connectionId: visitor.connectionId,
      providerMessageId,
      from: visitor.visitorId,
      phone: null,
      ...content,
    });
    contactId = stored.contactId;
    wake();
  }

  function reject(id: string | null, reason: RejectionReason, max?: number, detail?: string): void {
    log.info({ reason }, 'web chat message refused');
    emit({
      type: 'message-rejected',
      id,
      reason,
      message: rejectionText(locale, reason, max),
      ...(detail ? { detail } : {}),
    });
  }

  return {
    follows: (conversationId) => conversations.has(conversationId),
    wake,
    async settled() {
      await Promise.allSettled([frames, refreshing]);
    },
  };
}
