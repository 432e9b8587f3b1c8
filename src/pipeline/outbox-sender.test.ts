import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../core/clock.ts';
import {
  DeliveryError,
  type DeliverMessage,
  type OutboundEnvelope,
  type SendResult,
} from '../core/delivery.ts';
import { createLogger } from '../observability/logger.ts';
import { createMetrics } from '../observability/metrics.ts';
import { DIALECTS } from '../../test/support/databases.ts';
import { startTestServer, type TestServer } from '../../test/support/test-server.ts';
import { createOutboxSender, type DeliveryAttempt } from './outbox-sender.ts';

const T0 = '2026-11-23T14:00:00.000Z';
const WAIT_MS = 10_000;

type Behaviour = (envelope: OutboundEnvelope, call: number) => Promise<SendResult>;

/**
 * Stands in for a provider's API: records every envelope it is handed and answers as the test scripts it
 * (`call` counts the calls for that message, from 1). Calls can be held open to play a slow provider.
 */
function createProvider() {
  const calls: OutboundEnvelope[] = [];
  const held: (() => void)[] = [];
  const listeners = new Set<() => void>();
  let behaviour: Behaviour = async (envelope, call) => ({ providerMessageId: `prov-${envelope.id}-${call}` });

  const deliver: DeliverMessage = async (envelope) => {
    calls.push(envelope);
    const call = calls.filter((earlier) => earlier.id === envelope.id).length;
    for (const listener of [...listeners]) listener();
    return behaviour(envelope, call);
  };

  return {
    deliver,
    calls,
    ids: () => calls.map((envelope) => envelope.id),
    callsFor: (id: number) => calls.filter((envelope) => envelope.id === id).length,
    behave(next: Behaviour) {
      behaviour = next;
    },
    /** A promise that stays pending until the test settles it, like a provider that does not answer. */
    hold<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
      let resolve!: (value: T) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      held.push(() =>
        reject(new DeliveryError('released at the end of the test', { code: 'x', retryable: false })),
      );
      return { promise, resolve, reject };
    },
    /** Resolves once the provider has been called for `predicate`. */
    async called(
      predicate: (envelope: OutboundEnvelope) => boolean,
      what: string,
    ): Promise<OutboundEnvelope> {
      return waitUntil(
        () => calls.find(predicate),
        (wake) => listeners.add(wake),
        (wake) => listeners.delete(wake),
        `the provider to be called for ${what}`,
      );
    },
    releaseAll() {
      for (const release of held.splice(0)) release();
    },
  };
}

/** Waits for `find` to return something, re-checking whenever `subscribe`'s callback fires. */
function waitUntil<T>(
  find: () => T | undefined,
  subscribe: (wake: () => void) => void,
  unsubscribe: (wake: () => void) => void,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = find();
      if (found === undefined) return;
      clearTimeout(timer);
      unsubscribe(check);
      resolve(found);
    };
    const timer = setTimeout(() => {
      unsubscribe(check);
      reject(new Error(`timed out waiting for ${what}`));
    }, WAIT_MS);
    subscribe(check);
    check();
  });
}

/** Every delivery attempt the pipeline reports, and a way to wait for one. */
function recordAttempts(server: TestServer) {
  const seen: DeliveryAttempt[] = [];
  const events = server.orquesta.pipeline.events;
  events.on('delivery-attempted', (attempt: DeliveryAttempt) => seen.push(attempt));
  return {
    seen,
    waitFor(predicate: (attempt: DeliveryAttempt) => boolean, what: string): Promise<DeliveryAttempt> {
      return waitUntil(
        () => seen.find(predicate),
        (wake) => events.on('delivery-attempted', wake),
        (wake) => events.off('delivery-attempted', wake),
        what,
      );
    },
    sent(messageId: number) {
      return this.waitFor(
        (attempt) => attempt.messageId === messageId && attempt.status === 'sent',
        `message ${messageId} to be sent`,
      );
    },
  };
}

describe.each(DIALECTS)('outbox sender on %s', (dialect) => {
  let server: TestServer | undefined;
  let provider: ReturnType<typeof createProvider>;

  afterEach(async () => {
    provider?.releaseAll();
    await server?.close();
    server = undefined;
  });

  async function start(options: { clock?: ReturnType<typeof createManualClock>; maxAttempts?: number } = {}) {
    provider = createProvider();
    server = await startTestServer({
      dialect,
      ...(options.clock ? { clock: options.clock } : {}),
      pipeline: {
        deliver: provider.deliver,
        outbox: {
          baseDelayMs: 1,
          maxDelayMs: 5,
          ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
        },
      },
    });
    return { server, attempts: recordAttempts(server) };
  }

  /** Sends a customer message through the test endpoint and returns the id of the reply its turn queued. */
  async function say(from: string, text: string): Promise<{ replyId: number; conversationId: string }> {
    const response = await server!.send('clinica', { from, text });
    expect(response.statusCode).toBe(200);
    const { turn, conversationId } = response.json();
    const reply = await server!.db
      .selectFrom('messages')
      .select('id')
      .where('turn_id', '=', turn.id)
      .where('direction', '=', 'out')
      .executeTakeFirstOrThrow();
    return { replyId: reply.id, conversationId };
  }

  const row = (id: number) =>
    server!.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('retries a retryable failure and delivers the message exactly once', async () => {
    const { attempts } = await start();
    provider.behave(async (envelope, call) => {
      if (call <= 2) throw new DeliveryError('(#130429) Rate limit hit', { code: '130429', retryable: true });
      return { providerMessageId: `wamid.${envelope.id}` };
    });

    const { replyId, conversationId } = await say('573001234567', 'hola');
    await attempts.sent(replyId);

    expect(provider.callsFor(replyId)).toBe(3);
    expect(attempts.seen.filter((attempt) => attempt.messageId === replyId)).toEqual([
      { messageId: replyId, conversationId, attempt: 1, status: 'queued', errorCode: '130429' },
      { messageId: replyId, conversationId, attempt: 2, status: 'queued', errorCode: '130429' },
      { messageId: replyId, conversationId, attempt: 3, status: 'sent' },
    ]);
    expect(provider.calls[0]).toEqual({
      id: replyId,
      tenantId: 'clinica',
      connectionId: 'test',
      conversationId,
      to: '573001234567',
      lastInboundAt: expect.any(Date),
      text: '¡Hola! Soy el asistente virtual de Negocio clinica. ¿En qué te puedo ayudar?',
      traceId: expect.stringMatching(/^trc_/),
      turnId: expect.stringMatching(/^turn_/),
    });
    // The same id on every attempt: the provider can use it to deduplicate.
    expect(new Set(provider.calls.map((envelope) => envelope.id))).toEqual(new Set([replyId]));

    const stored = await row(replyId);
    expect(stored).toMatchObject({
      status: 'sent',
      attempts: 3,
      provider_message_id: `wamid.${replyId}`,
      lease_expires_at: null,
      error_code: null,
      error_message: null,
    });
    expect(stored.sent_at).not.toBeNull();
  });

  it('retries an unexpected error from the channel as if it were retryable', async () => {
    const { attempts } = await start();
    provider.behave(async (envelope, call) => {
      if (call === 1) throw new TypeError('fetch failed');
      return { providerMessageId: `ok-${envelope.id}` };
    });
    const { replyId } = await say('573001', 'hola');
    await attempts.sent(replyId);
    expect(provider.callsFor(replyId)).toBe(2);
    expect(await row(replyId)).toMatchObject({
      status: 'sent',
      attempts: 2,
      provider_message_id: `ok-${replyId}`,
    });
  });

  it('records a permanent failure with the provider’s error, does not retry it, and sends the next message', async () => {
    const { attempts } = await start();
    provider.behave(async (envelope, call) => {
      if (envelope.text.startsWith('¡Hola!')) {
        throw new DeliveryError('(#131026) Message undeliverable: the number is not on WhatsApp', {
          code: '131026',
          retryable: false,
        });
      }
      return { providerMessageId: `prov-${envelope.id}-${call}` };
    });

    const first = await say('573001', 'hola');
    await attempts.waitFor(
      (attempt) => attempt.messageId === first.replyId && attempt.status === 'failed',
      'the first reply to fail',
    );
    const second = await say('573001', 'chao');
    await attempts.sent(second.replyId);

    expect(provider.ids()).toEqual([first.replyId, second.replyId]);
    const failed = await row(first.replyId);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      error_code: '131026',
      error_message: '(#131026) Message undeliverable: the number is not on WhatsApp',
      next_attempt_at: null,
      lease_expires_at: null,
      sent_at: null,
    });
    expect(await row(second.replyId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('gives up after maxAttempts retryable failures and keeps the last error', async () => {
    const { attempts } = await start({ maxAttempts: 2 });
    provider.behave(async () => {
      throw new DeliveryError('503 Service Unavailable', { code: 'http_503', retryable: true });
    });
    const { replyId } = await say('573001', 'hola');
    await attempts.waitFor(
      (attempt) => attempt.messageId === replyId && attempt.status === 'failed',
      'the reply to fail for good',
    );
    expect(provider.callsFor(replyId)).toBe(2);
    expect(await row(replyId)).toMatchObject({
      status: 'failed',
      attempts: 2,
      error_code: 'http_503',
      error_message: '503 Service Unavailable',
    });
  });

  it('waits at least as long as the provider’s Retry-After before trying again', async () => {
    const clock = createManualClock(T0);
    const { attempts } = await start({ clock });
    provider.behave(async (envelope, call) => {
      if (envelope.to === 'a' && call === 1) {
        throw new DeliveryError('429 Too Many Requests', {
          code: 'http_429',
          retryable: true,
          retryAfterMs: 30_000,
        });
      }
      return { providerMessageId: `prov-${envelope.id}-${call}` };
    });

    const a = await say('a', 'hola');
    await attempts.waitFor((attempt) => attempt.messageId === a.replyId, 'the first attempt');
    expect(await row(a.replyId)).toMatchObject({
      status: 'queued',
      attempts: 1,
      error_code: 'http_429',
      next_attempt_at: '2026-11-23T14:00:30.000Z',
    });

    // A moment before the provider's time: another conversation's reply goes out, this one does not.
    clock.advance(29_999);
    const b = await say('b', 'hola');
    await attempts.sent(b.replyId);
    expect(provider.callsFor(a.replyId)).toBe(1);

    clock.advance(1);
    server!.orquesta.pipeline.wake();
    await attempts.sent(a.replyId);
    expect(provider.ids()).toEqual([a.replyId, b.replyId, a.replyId]);
  });

  it('sends the replies of successive turns of a conversation in order', async () => {
    const { attempts } = await start();
    const accepted = [];
    for (const text of ['hola', 'ayuda', 'chao', 'buenas']) {
      const response = await server!.send('clinica', { from: '573001', text, wait: false });
      accepted.push(response.json().messageId as number);
    }
    for (const messageId of accepted) await server!.orquesta.pipeline.waitForTurn(messageId, WAIT_MS);
    const replies = await server!.db
      .selectFrom('messages')
      .select('id')
      .where('direction', '=', 'out')
      .orderBy('id')
      .execute();
    expect(replies).toHaveLength(4);
    for (const reply of replies) await attempts.sent(reply.id);
    expect(provider.ids()).toEqual(replies.map((reply) => reply.id));
  });

  it('sends several replies of one turn in order, the later ones waiting while the first is retried', async () => {
    const { attempts } = await start();
    const first = await say('573001', 'hola');
    await attempts.sent(first.replyId);

    // What a turn with three replies commits: three rows in one statement (smalltalk only ever says one thing).
    provider.behave(async (envelope, call) => {
      if (envelope.text === 'uno' && call === 1) {
        throw new DeliveryError('timeout', { code: 'timeout', retryable: true });
      }
      return { providerMessageId: `prov-${envelope.id}-${call}` };
    });
    const template = await row(first.replyId);
    const now = new Date().toISOString();
    const inserted = await server!.db
      .insertInto('messages')
      .values(
        ['uno', 'dos', 'tres'].map((text) => ({
          tenant_id: template.tenant_id,
          conversation_id: template.conversation_id,
          contact_id: template.contact_id,
          connection_id: template.connection_id,
          direction: 'out' as const,
          provider_message_id: null,
          kind: 'text',
          text,
          payload: '{}',
          status: 'queued',
          trace_id: template.trace_id,
          turn_id: 'turn_several',
          created_at: now,
          next_attempt_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    const ids = inserted.map((entry) => entry.id).sort((x, y) => x - y);
    server!.orquesta.pipeline.wake();
    for (const id of ids) await attempts.sent(id);

    expect(provider.calls.slice(1).map((envelope) => envelope.text)).toEqual(['uno', 'uno', 'dos', 'tres']);
    expect(provider.ids().slice(1)).toEqual([ids[0], ...ids]);
  });

  it('holds a conversation’s later replies back while an earlier one waits for a retry, but not other conversations', async () => {
    const clock = createManualClock(T0);
    const { attempts } = await start({ clock });
    provider.behave(async (envelope, call) => {
      if (envelope.to === 'a' && envelope.text.startsWith('¡Hola!') && call === 1) {
        throw new DeliveryError('503', { code: 'http_503', retryable: true, retryAfterMs: 60_000 });
      }
      return { providerMessageId: `prov-${envelope.id}-${call}` };
    });

    const first = await say('a', 'hola');
    await attempts.waitFor((attempt) => attempt.messageId === first.replyId, 'the first attempt');
    const second = await say('a', 'chao');
    // Queued after the held-back reply; a reply in another conversation, queued later still, goes out.
    const other = await say('b', 'hola');
    await attempts.sent(other.replyId);
    expect(provider.ids()).toEqual([first.replyId, other.replyId]);
    expect((await row(second.replyId)).status).toBe('queued');

    clock.advance(60_000);
    server!.orquesta.pipeline.wake();
    await attempts.sent(second.replyId);
    expect(provider.ids()).toEqual([first.replyId, other.replyId, first.replyId, second.replyId]);
  });

  it('keeps sending to other conversations while the provider is slow to answer one', async () => {
    const { attempts } = await start();
    const slow = provider.hold<SendResult>();
    provider.behave(async (envelope, call) =>
      envelope.to === 'slow' ? slow.promise : { providerMessageId: `prov-${envelope.id}-${call}` },
    );

    const a = await say('slow', 'hola');
    await provider.called((envelope) => envelope.id === a.replyId, 'the slow conversation');
    const b = await say('quick', 'hola');
    await attempts.sent(b.replyId);
    expect((await row(a.replyId)).status).toBe('sending');

    slow.resolve({ providerMessageId: 'late' });
    await attempts.sent(a.replyId);
    expect(await row(a.replyId)).toMatchObject({ status: 'sent', provider_message_id: 'late' });
  });

  it('sends again a message stuck in "sending" once its lease has expired, and ignores the stale outcome', async () => {
    const clock = createManualClock(T0);
    const { attempts } = await start({ clock });
    const stuck = provider.hold<SendResult>();
    provider.behave(async (envelope, call) =>
      envelope.to === 'a' && call === 1
        ? stuck.promise
        : { providerMessageId: `prov-${envelope.id}-${call}` },
    );

    const a = await say('a', 'hola');
    await provider.called((envelope) => envelope.id === a.replyId, 'the first attempt');
    // While its lease runs the message is not sent twice, though other conversations move on.
    const b = await say('b', 'hola');
    await attempts.sent(b.replyId);
    expect(provider.callsFor(a.replyId)).toBe(1);
    expect((await row(a.replyId)).status).toBe('sending');

    clock.advance(60_001);
    server!.orquesta.pipeline.wake();
    await attempts.sent(a.replyId);
    expect(provider.callsFor(a.replyId)).toBe(2);

    // The first attempt finally fails: too late to change what the second one recorded.
    stuck.reject(new DeliveryError('socket hang up', { code: 'network', retryable: true }));
    await server!.orquesta.pipeline.stop();
    expect(await row(a.replyId)).toMatchObject({
      status: 'sent',
      provider_message_id: `prov-${a.replyId}-2`,
      error_code: null,
      lease_expires_at: null,
    });
    expect(provider.callsFor(a.replyId)).toBe(2);
  });

  it('resumes a message a crashed process left in "sending"', async () => {
    const clock = createManualClock(T0);
    const { attempts } = await start({ clock });
    const first = await say('573001', 'hola');
    await attempts.sent(first.replyId);
    const template = await row(first.replyId);
    const inserted = await server!.db
      .insertInto('messages')
      .values({
        tenant_id: template.tenant_id,
        conversation_id: template.conversation_id,
        contact_id: template.contact_id,
        connection_id: template.connection_id,
        direction: 'out',
        provider_message_id: null,
        kind: 'text',
        text: 'abandonado',
        payload: '{}',
        status: 'sending',
        trace_id: template.trace_id,
        turn_id: 'turn_crashed',
        created_at: T0,
        next_attempt_at: T0,
        lease_expires_at: '2026-11-23T13:59:59.999Z',
        updated_at: T0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    server!.orquesta.pipeline.wake();
    await attempts.sent(inserted.id);
    expect(provider.callsFor(inserted.id)).toBe(1);
    expect(await row(inserted.id)).toMatchObject({
      status: 'sent',
      provider_message_id: `prov-${inserted.id}-1`,
    });
  });
});

describe.each(DIALECTS)('outbox sender, driven directly, on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('counts only the head of each conversation when telling when the next send is due', async () => {
    const clock = createManualClock(T0);
    server = await startTestServer({ dialect, clock, start: false });
    const stored = await server.orquesta.pipeline.ingest('clinica', {
      connectionId: 'test',
      providerMessageId: 'in-1',
      from: '573001',
      kind: 'text',
      text: 'hola',
    });
    const later = '2026-11-23T14:01:00.000Z';
    const base = {
      tenant_id: 'clinica',
      conversation_id: stored.conversationId,
      contact_id: stored.contactId,
      connection_id: 'test',
      direction: 'out' as const,
      provider_message_id: null,
      kind: 'text',
      payload: '{}',
      status: 'queued',
      trace_id: stored.traceId,
      turn_id: 'turn_1',
      created_at: T0,
      updated_at: T0,
    };
    // The first waits for a retry a minute from now; the second is queued behind it, due in itself.
    await server.db
      .insertInto('messages')
      .values([
        { ...base, text: 'uno', attempts: 1, next_attempt_at: later },
        { ...base, text: 'dos', attempts: 0, next_attempt_at: T0 },
      ])
      .execute();
    const calls: number[] = [];
    const sender = createOutboxSender({
      db: server.db,
      clock,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      deliver: async (envelope) => {
        calls.push(envelope.id);
        return {};
      },
      channelOf: () => 'test',
    });

    expect(await sender.nextDueAt()).toEqual(new Date(later));
    expect(await sender.sendDue()).toBe(0);
    await sender.idle();
    expect(calls).toEqual([]);

    clock.set(later);
    expect(await sender.sendDue()).toBe(1);
    await sender.idle();
    expect(await sender.nextDueAt()).toEqual(new Date(T0));
    expect(await sender.sendDue()).toBe(1);
    await sender.idle();
    expect(await sender.nextDueAt()).toBeNull();
    expect(calls).toHaveLength(2);
  });
});

describe.each(DIALECTS)('outbox sender slots on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps at most batchSize messages in flight and looks again only when one settles', async () => {
    const clock = createManualClock(T0);
    server = await startTestServer({ dialect, clock, start: false });
    const base = {
      tenant_id: 'clinica',
      connection_id: 'test',
      direction: 'out' as const,
      provider_message_id: null,
      kind: 'text',
      payload: '{}',
      status: 'queued',
      turn_id: 'turn_1',
      attempts: 0,
      created_at: T0,
      next_attempt_at: T0,
      updated_at: T0,
    };
    for (const from of ['a', 'b']) {
      const stored = await server.orquesta.pipeline.ingest('clinica', {
        connectionId: 'test',
        providerMessageId: `in-${from}`,
        from,
        kind: 'text',
        text: 'hola',
      });
      await server.db
        .insertInto('messages')
        .values({
          ...base,
          conversation_id: stored.conversationId,
          contact_id: stored.contactId,
          trace_id: stored.traceId,
          text: `para ${from}`,
        })
        .execute();
    }
    let answer!: (result: SendResult) => void;
    let calledSlow!: () => void;
    const slowCalled = new Promise<void>((resolve) => (calledSlow = resolve));
    const settled: DeliveryAttempt[] = [];
    const sender = createOutboxSender({
      db: server.db,
      clock,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      deliver: (envelope) => {
        if (envelope.to !== 'a') return Promise.resolve({});
        calledSlow();
        return new Promise((resolve) => (answer = resolve));
      },
      channelOf: () => 'test',
      batchSize: 1,
      onAttempt: (attempt) => {
        settled.push(attempt);
        throw new Error('a listener that throws must not break the sender');
      },
    });

    expect(await sender.sendDue()).toBe(1);
    expect(await sender.sendDue()).toBe(0);
    expect(await sender.nextDueAt()).toBeNull();

    await slowCalled;
    answer({ providerMessageId: 'late' });
    await sender.idle();
    expect(settled.map((attempt) => attempt.status)).toEqual(['sent']);
    expect(await sender.nextDueAt()).toEqual(new Date(T0));
    expect(await sender.sendDue()).toBe(1);
    await sender.idle();
    expect(settled.map((attempt) => attempt.status)).toEqual(['sent', 'sent']);
  });
});
