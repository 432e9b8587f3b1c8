/**
 * WhatsApp's 24-hour window in the agent inbox: within it the agent's text goes out; after it the text
 * is refused with a clear error and nothing is queued, and only the connection's approved template may
 * be sent — which reaches a fake Graph API on loopback as a template message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/core/clock.ts';
import {
  CLINICA_NUMBER,
  CUSTOMER,
  postWebhook,
  sends,
  startFakeGraphApi,
  textWebhook,
  whatsappConnection,
} from './channels/whatsapp-cloud-support.ts';
import { DIALECTS } from './support/databases.ts';
import type { FakeProvider, RecordedRequest } from './support/fake-provider.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const LAURA_TOKEN = 'laura-inbox-token-0123456789';
const WINDOW_TEMPLATE = { name: 'seguimiento', language: 'es' };

describe.each(DIALECTS)('24-hour window in the agent inbox on %s', (dialect) => {
  let fake: FakeProvider;
  let server: TestServer | undefined;
  beforeEach(async () => {
    fake = await startFakeGraphApi();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await fake.close();
  });

  it('sends free text within 24 hours of the customer’s last message, and only the template after', async () => {
    // The wall clock's now, so that the WhatsApp client (on the system clock) agrees while the window is open.
    const clock = createManualClock(new Date());
    server = await startTestServer({
      dialect,
      clock,
      config: testConfig([
        {
          id: 'clinica',
          skills: ['smalltalk', 'handoff'],
          connections: [whatsappConnection(fake, CLINICA_NUMBER, { windowTemplate: WINDOW_TEMPLATE })],
          skillSettings: { handoff: { agents: [{ id: 'laura', name: 'Laura', token: LAURA_TOKEN }] } },
        },
      ]),
    });
    const running = server;
    const agent = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      running.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${LAURA_TOKEN}` },
        ...(payload ? { payload } : {}),
      });

    const webhook = await postWebhook(
      running,
      'clinica',
      textWebhook(CLINICA_NUMBER, 'wamid.IN-1', 'quiero hablar con una persona'),
    );
    expect(webhook.statusCode).toBe(200);
    const inbound = await running.db
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'created_at'])
      .where('provider_message_id', '=', 'wamid.IN-1')
      .executeTakeFirstOrThrow();
    await running.orquesta.pipeline.waitForTurn(Number(inbound.id), 10_000);
    const base = `/api/v1/agent/conversations/${inbound.conversation_id}`;

    const open = (await agent('GET', base)).json();
    expect(open.channel).toBe('whatsapp-cloud');
    expect(open.window).toEqual({
      applies: true,
      open: true,
      lastInboundAt: inbound.created_at,
      closesAt: new Date(Date.parse(inbound.created_at) + 86_400_000).toISOString(),
      template: 'Plantilla "seguimiento" (es)',
    });
    const early = await agent('POST', `${base}/template`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details).toEqual({ reason: 'window_open' });

    const text = await agent('POST', `${base}/messages`, { text: 'Hola, soy Laura' });
    expect(text.statusCode, text.body).toBe(202);
    const [sentText] = await fake.waitForRequests(1, (request) =>
      bodyOf(request).includes('Hola, soy Laura'),
    );
    expect(sentText?.json).toMatchObject({ to: CUSTOMER, type: 'text', text: { body: 'Hola, soy Laura' } });

    clock.advance(24 * 3_600_000 + 60_000);
    const closed = (await agent('GET', base)).json();
    expect(closed.window).toMatchObject({ applies: true, open: false });
    const queuedBefore = await outboundCount(running, inbound.conversation_id);
    const refused = await agent('POST', `${base}/messages`, { text: '¿Sigues ahí?' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('only accepts an approved template outside its 24-hour window'),
      details: { reason: 'window_closed', lastInboundAt: inbound.created_at },
    });
    expect(await outboundCount(running, inbound.conversation_id)).toBe(queuedBefore);

    const template = await agent('POST', `${base}/template`);
    expect(template.statusCode, template.body).toBe(202);
    const [sentTemplate] = await fake.waitForRequests(1, (request) => bodyOf(request).includes('"template"'));
    expect(sends(fake).filter((request) => bodyOf(request).includes('"template"'))).toHaveLength(1);
    expect(sentTemplate?.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CUSTOMER,
      type: 'template',
      template: { name: 'seguimiento', language: { code: 'es' } },
    });
    const history = (await agent('GET', base)).json();
    expect(history.messages.at(-1)).toMatchObject({
      author: 'agent',
      agentId: 'laura',
      text: 'Plantilla "seguimiento" (es)',
    });
  });
});

const bodyOf = (request: RecordedRequest) => request.body;

async function outboundCount(server: TestServer, conversationId: string): Promise<number> {
  const row = await server.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'out')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
