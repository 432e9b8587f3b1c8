/**
 * The admin API's maintenance endpoints, on real conversations: erasing a contact, closing inactive
 * conversations, and the daily summary in the tenant's time zone.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import { DeliveryError, type OutboundEnvelope } from '../src/core/delivery.ts';
import { DIALECTS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe.each(DIALECTS)('admin maintenance on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const request = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    server!.request(method, url, payload);
  const say = (from: string, text: string, name?: string) => server!.say('clinica', from, text, name);
  async function rowsOf(contactId: string) {
    const db = server!.db;
    const count = async (table: 'contacts' | 'conversations' | 'messages' | 'turns' | 'events') =>
      (
        await db
          .selectFrom(table)
          .select('tenant_id')
          .where(table === 'contacts' ? 'id' : 'contact_id', '=', contactId)
          .execute()
      ).length;
    return {
      contacts: await count('contacts'),
      conversations: await count('conversations'),
      messages: await count('messages'),
      turns: await count('turns'),
      events: await count('events'),
    };
  }

  it('erases a contact: its rows go, its events stay anonymous and counted, its queued replies are never sent', async () => {
    const clock = createManualClock('2026-11-23T15:00:00.000Z');
    const delivered: OutboundEnvelope[] = [];
    let online = false;
    server = await startTestServer({
      dialect,
      clock,
      pipeline: {
        outbox: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
        deliver: async (envelope) => {
          if (!online) throw new DeliveryError('provider unreachable', { code: 'network', retryable: true });
          delivered.push(envelope);
          return { providerMessageId: `sent-${envelope.id}` };
        },
      },
    });
    const ana = await say('573001112233', 'hola', 'Ana Pérez');
    await say('573001112233', 'chao');
    const beto = await say('573004445566', 'hola');
    expect(await rowsOf(ana.contactId)).toEqual({
      contacts: 1,
      conversations: 1,
      messages: 4,
      turns: 2,
      events: 2,
    });
    const before = (await request('GET', '/api/v1/tenants/clinica/summary')).json();
    expect(before.turns).toEqual({ total: 3, bySkill: [{ skill: 'smalltalk', turns: 3 }] });

    const erased = await request('DELETE', `/api/v1/tenants/clinica/contacts/${ana.contactId}`);
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toEqual({
      contactId: ana.contactId,
      erased: { conversations: 1, messages: 4, turns: 2 },
      eventsAnonymized: 2,
    });

    expect(await rowsOf(ana.contactId)).toEqual({
      contacts: 0,
      conversations: 0,
      messages: 0,
      turns: 0,
      events: 0,
    });
    const leftovers = await server.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', ana.conversationId)
      .execute();
    expect(leftovers).toEqual([]);
    const committed = await server.db
      .selectFrom('events')
      .select(['contact_id', 'conversation_id', 'turn_id'])
      .where('type', '=', 'turn-committed')
      .orderBy('id')
      .execute();
    expect(committed).toEqual([
      { contact_id: null, conversation_id: null, turn_id: ana.turn.id },
      expect.objectContaining({ contact_id: null, conversation_id: null }),
      expect.objectContaining({ contact_id: beto.contactId, conversation_id: beto.conversationId }),
    ]);
    const erasure = await server.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'contact-erased')
      .executeTakeFirstOrThrow();
    expect([erasure.contact_id, erasure.conversation_id]).toEqual([null, null]);
    expect(JSON.stringify(erasure)).not.toMatch(/573001112233|Ana|hola|chao/);

    const after = (await request('GET', '/api/v1/tenants/clinica/summary')).json();
    expect(after.turns).toEqual(before.turns);
    expect(after.messages).toEqual({ in: 1, out: 1 });
    for (const response of [
      await request('GET', `/api/v1/tenants/clinica/conversations/${ana.conversationId}`),
      await request('DELETE', `/api/v1/tenants/clinica/contacts/${ana.contactId}`),
    ]) {
      expect(response.statusCode).toBe(404);
    }

    // The provider comes back: Beto's queued reply goes out; Ana's, queued before it, never does.
    online = true;
    clock.advance(5 * 60_000);
    server.orquesta.pipeline.wake();
    await vi.waitFor(() => expect(delivered.map((envelope) => envelope.to)).toContain('573004445566'), {
      timeout: 10_000,
    });
    expect(delivered.map((envelope) => envelope.to)).toEqual(['573004445566']);
  });

  it('closes conversations inactive for longer than asked that have nothing waiting; the next message opens a new one', async () => {
    const clock = createManualClock('2026-11-23T15:00:00.000Z');
    server = await startTestServer({ dialect, clock });
    const ana = await say('573001112233', 'hola');
    const carla = await say('573007778899', 'hola');
    // Carla's next message is stored but not answered yet (as after a failed turn waiting for its retry).
    await server.db
      .insertInto('messages')
      .values({
        tenant_id: 'clinica',
        conversation_id: carla.conversationId,
        contact_id: carla.contactId,
        connection_id: 'test',
        direction: 'in',
        provider_message_id: 'waiting-1',
        kind: 'text',
        text: 'una pregunta',
        payload: '{}',
        status: 'received',
        trace_id: 'trc_waiting',
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
      })
      .execute();
    await server.db
      .updateTable('conversations')
      .set({ next_turn_at: '2026-11-30T00:00:00.000Z' })
      .where('id', '=', carla.conversationId)
      .execute();
    clock.advance(3 * 3_600_000);
    const beto = await say('573004445566', 'hola');

    const cleanup = await request('POST', '/api/v1/tenants/clinica/conversations/cleanup', {
      inactiveHours: 2,
    });
    expect(cleanup.statusCode).toBe(200);
    expect(cleanup.json()).toEqual({ closed: 1, inactiveSince: '2026-11-23T16:00:00.000Z' });
    const rows = await server.db
      .selectFrom('conversations')
      .select(['id', 'closed_at'])
      .orderBy('created_at')
      .execute();
    expect(Object.fromEntries(rows.map((row) => [row.id, row.closed_at]))).toEqual({
      [ana.conversationId]: '2026-11-23T18:00:00.000Z',
      [carla.conversationId]: null,
      [beto.conversationId]: null,
    });
    const closedEvents = await server.db
      .selectFrom('events')
      .select('conversation_id')
      .where('type', '=', 'conversation-closed')
      .execute();
    expect(closedEvents).toEqual([{ conversation_id: ana.conversationId }]);
    const again = await request('POST', '/api/v1/tenants/clinica/conversations/cleanup', {
      inactiveHours: 2,
    });
    expect(again.json().closed).toBe(0);

    const back = await say('573001112233', 'hola');
    expect(back.contactId).toBe(ana.contactId);
    expect(back.conversationId).not.toBe(ana.conversationId);
    const contacts = (await request('GET', '/api/v1/tenants/clinica/contacts')).json();
    const anaNow = contacts.contacts.find((contact: { id: string }) => contact.id === ana.contactId);
    expect(anaNow.conversation.id).toBe(back.conversationId);
    const old = (await request('GET', `/api/v1/tenants/clinica/conversations/${ana.conversationId}`)).json();
    expect(old.closedAt).toBe('2026-11-23T18:00:00.000Z');

    for (const payload of [{}, { inactiveHours: 0 }, { inactiveHours: -1 }, { inactiveHours: 'two' }]) {
      const response = await request('POST', '/api/v1/tenants/clinica/conversations/cleanup', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_request');
    }
  });

  it("summarises a day in the tenant's time zone", async () => {
    // 22:00 on 23 November in Bogotá (UTC-5), already the 24th in UTC.
    const clock = createManualClock('2026-11-24T03:00:00.000Z');
    server = await startTestServer({ dialect, clock });
    await say('573001112233', 'hola');
    const beto = await say('573004445566', 'hola');
    await say('573004445566', 'xyzzy plugh');
    clock.set('2026-11-24T06:00:00.000Z'); // 01:00 on the 24th in Bogotá
    await say('573001112233', 'chao');
    await server.db
      .updateTable('conversations')
      .set({ status: 'pending_human' })
      .where('id', '=', beto.conversationId)
      .execute();

    const yesterday = await request('GET', '/api/v1/tenants/clinica/summary?date=2026-11-23');
    expect(yesterday.statusCode).toBe(200);
    expect(yesterday.json()).toEqual({
      tenant: 'clinica',
      date: '2026-11-23',
      timezone: 'America/Bogota',
      from: '2026-11-23T05:00:00.000Z',
      to: '2026-11-24T05:00:00.000Z',
      activeContacts: 2,
      activeUntil: '2026-11-24T05:00:00.000Z',
      messages: { in: 3, out: 3 },
      turns: { total: 3, bySkill: [{ skill: 'smalltalk', turns: 3 }] },
      conversations: { bot: 1, pending_human: 1, human: 0 },
    });

    const today = (await request('GET', '/api/v1/tenants/clinica/summary')).json();
    expect(today).toEqual(
      expect.objectContaining({
        date: '2026-11-24',
        from: '2026-11-24T05:00:00.000Z',
        activeUntil: '2026-11-24T06:00:00.000Z',
        activeContacts: 2,
        messages: { in: 1, out: 1 },
        turns: { total: 1, bySkill: [{ skill: 'smalltalk', turns: 1 }] },
      }),
    );

    clock.set('2026-11-25T04:00:00.000Z'); // still the 24th in Bogotá, 22 hours after Ana's last message
    const later = (await request('GET', '/api/v1/tenants/clinica/summary')).json();
    expect([later.date, later.activeContacts]).toEqual(['2026-11-24', 1]);
  });
});
