/**
 * The agent template end to end: a customer asks for a person through the real app over a real database,
 * the hand-off is assigned, and the WhatsApp template reaches a fake Graph API on loopback addressed to
 * the agent's phone, once, also when the turn is replayed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryAttempt } from '../src/pipeline/outbox-sender.ts';
import { assignHandoff } from '../src/skills/handoff/handoffs-repository.ts';
import { parseHandoffSettings } from '../src/skills/handoff/settings.ts';
import {
  CLINICA_NUMBER,
  sends,
  startFakeGraphApi,
  whatsappConnection,
} from './channels/whatsapp-cloud-support.ts';
import { DIALECTS } from './support/databases.ts';
import type { FakeProvider } from './support/fake-provider.ts';
import { testConfig, testTenant } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const CUSTOMER_PHONE = '573010000001';
const LAURA = { id: 'laura', name: 'Laura', phone: '573001112233' };
const PEDRO = { id: 'pedro', name: 'Pedro', phone: '573004445566' };
const TEMPLATE = {
  connection: 'whatsapp',
  name: 'nueva_conversacion',
  language: 'es',
  parameters: ['customer_name', 'customer_phone', 'reason', 'conversation_id'],
};

describe('agent template settings', () => {
  const withTemplate = (agentTemplate: Record<string, unknown>) =>
    testTenant({
      connections: [{ id: 'whatsapp', channel: 'whatsapp-cloud', settings: { phoneNumberId: '1' } }],
      skillSettings: { handoff: { agents: [LAURA], agentTemplate } },
    });

  it('accepts a template on a whatsapp-cloud connection of the tenant', () => {
    expect(parseHandoffSettings(withTemplate(TEMPLATE)).agentTemplate).toEqual(TEMPLATE);
  });

  it('names the setting and the fix when the template is wrong', () => {
    expect(() => parseHandoffSettings(withTemplate({ ...TEMPLATE, connection: 'test' }))).toThrow(
      /skillSettings\.handoff\.agentTemplate\.connection: "test" is not a whatsapp-cloud connection of the tenant — use one of "whatsapp"/,
    );
    expect(() => parseHandoffSettings(withTemplate({ ...TEMPLATE, parameters: ['customer_email'] }))).toThrow(
      /skillSettings\.handoff\.agentTemplate\.parameters\.0: must be one of customer_name, customer_phone/,
    );
    expect(() => parseHandoffSettings(withTemplate({ ...TEMPLATE, language: 'español' }))).toThrow(
      /agentTemplate\.language: must be a language code such as "es"/,
    );
  });
});

describe.each(DIALECTS)('agent template on %s', (dialect) => {
  let fake: FakeProvider;
  let server: TestServer | undefined;
  let attempts: DeliveryAttempt[];
  /** Set to make the next turn fail after deciding, before its commit; it is then replayed. */
  let failNextCommit: boolean;

  beforeEach(async () => {
    fake = await startFakeGraphApi();
    attempts = [];
    failNextCommit = false;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await fake.close();
  });

  async function start(handoff: Record<string, unknown>): Promise<TestServer> {
    server = await startTestServer({
      dialect,
      pipeline: {
        outbox: { baseDelayMs: 1, maxDelayMs: 5 },
        beforeCommit: async () => {
          if (!failNextCommit) return;
          failNextCommit = false;
          throw new Error('the process stopped before the commit');
        },
      },
      config: testConfig([
        {
          id: 'clinica',
          skills: ['smalltalk', 'handoff'],
          connections: [
            { id: 'test', channel: 'test', settings: {} },
            whatsappConnection(fake, CLINICA_NUMBER),
          ],
          skillSettings: { handoff },
        },
      ]),
    });
    server.orquesta.pipeline.events.on('delivery-attempted', (attempt: DeliveryAttempt) =>
      attempts.push(attempt),
    );
    return server;
  }

  async function askForPerson() {
    return server!.turn('clinica', {
      from: CUSTOMER_PHONE,
      name: 'Ana',
      text: 'quiero hablar con una persona',
    });
  }

  /** The outbound messages queued on the tenant's WhatsApp connection (the agents' conversations). */
  async function agentMessages() {
    return server!.db
      .selectFrom('messages')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select(['messages.id', 'messages.status', 'messages.conversation_id', 'contacts.external_id'])
      .where('messages.connection_id', '=', 'whatsapp')
      .where('messages.direction', '=', 'out')
      .orderBy('messages.id')
      .execute();
  }

  /** Resolves once the outbox has stored a final outcome for the message. */
  async function delivered(messageId: number): Promise<DeliveryAttempt> {
    const events = server!.orquesta.pipeline.events;
    const done = (attempt: DeliveryAttempt) => attempt.messageId === messageId && attempt.status !== 'queued';
    const seen = attempts.find(done);
    if (seen) return seen;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`message ${messageId} was not delivered`)), 10_000);
      events.on('delivery-attempted', function listener(attempt: DeliveryAttempt) {
        if (!done(attempt)) return;
        clearTimeout(timer);
        events.off('delivery-attempted', listener);
        resolve(attempt);
      });
    });
  }

  function templateTo(phone: string, conversationId: string, name = 'nueva_conversacion') {
    return {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: phone,
      type: 'template',
      template: {
        name,
        language: { code: 'es' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: CUSTOMER_PHONE },
              { type: 'text', text: 'asked_for_human' },
              { type: 'text', text: conversationId },
            ],
          },
        ],
      },
    };
  }

  it('sends the template once to the assigned agent’s phone with the right name, language and parameters', async () => {
    await start({ agents: [LAURA], agentTemplate: TEMPLATE });
    const turn = await askForPerson();
    expect(turn.turn.handoff).toBe(true);

    const queued = await agentMessages();
    expect(queued).toMatchObject([{ external_id: LAURA.phone }]);
    expect(queued[0]!.conversation_id).not.toBe(turn.conversationId);
    expect(await delivered(queued[0]!.id)).toMatchObject({ status: 'sent' });
    expect(sends(fake).map((request) => [request.path, request.json])).toEqual([
      [`/v23.0/${CLINICA_NUMBER}/messages`, templateTo(LAURA.phone, turn.conversationId)],
    ]);
    // The agent's own conversation is a person's: the bot would stay silent if the agent wrote back.
    const agentConversation = await server!.db
      .selectFrom('conversations')
      .select('status')
      .where('id', '=', queued[0]!.conversation_id)
      .executeTakeFirstOrThrow();
    expect(agentConversation.status).toBe('human');
  });

  it('sends nothing when the tenant names no template, or the agent has no phone', async () => {
    await start({ agents: [LAURA] });
    expect((await askForPerson()).turn.handoff).toBe(true);
    expect(await agentMessages()).toEqual([]);
    await server!.close();

    await start({ agents: [{ id: 'laura', name: 'Laura' }], agentTemplate: TEMPLATE });
    expect((await askForPerson()).turn.handoff).toBe(true);
    expect(await agentMessages()).toEqual([]);
    expect(sends(fake)).toEqual([]);
  });

  it('queues the template once when the turn that assigns the hand-off is replayed', async () => {
    await start({ agents: [LAURA], agentTemplate: TEMPLATE });
    failNextCommit = true;
    const turn = await askForPerson();
    expect(failNextCommit).toBe(false);
    expect(turn.turn.handoff).toBe(true);

    const queued = await agentMessages();
    expect(queued).toHaveLength(1);
    await delivered(queued[0]!.id);
    expect(sends(fake).map((request) => request.json)).toEqual([
      templateTo(LAURA.phone, turn.conversationId),
    ]);
    const handoffs = await server!.db.selectFrom('handoffs').select('agent_id').execute();
    expect(handoffs).toEqual([{ agent_id: 'laura' }]);
  });

  it('sends the template to the new agent when a hand-off is reassigned', async () => {
    await start({ agents: [LAURA, PEDRO], agentTemplate: TEMPLATE });
    const turn = await askForPerson();
    const [first] = await agentMessages();
    await delivered(first!.id);

    const settings = parseHandoffSettings(server!.orquesta.tenants.get('clinica')!);
    const handoff = await server!.db.selectFrom('handoffs').select('id').executeTakeFirstOrThrow();
    const pedro = settings.agents.find((agent) => agent.id === 'pedro')!;
    const result = await assignHandoff(
      server!.db,
      'clinica',
      handoff.id,
      pedro,
      new Date(),
      settings.agentTemplate,
    );
    expect(result.status).toBe('assigned');

    const queued = await agentMessages();
    expect(queued.map((message) => message.external_id)).toEqual([LAURA.phone, PEDRO.phone]);
    await delivered(queued[1]!.id);
    expect(sends(fake).map((request) => request.json)).toEqual([
      templateTo(LAURA.phone, turn.conversationId),
      templateTo(PEDRO.phone, turn.conversationId),
    ]);
  });
});
