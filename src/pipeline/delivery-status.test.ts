import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { startTestServer, type TestServer } from '../../test/support/test-server.ts';
import { furthestStatus } from './delivery-status.ts';

describe('furthestStatus', () => {
  it('only moves forward: sent → delivered → read, whatever order the callbacks come in', () => {
    expect(furthestStatus('sent', 'delivered')).toBe('delivered');
    expect(furthestStatus('delivered', 'sent')).toBe('delivered');
    expect(furthestStatus('read', 'delivered')).toBe('read');
    expect(furthestStatus('queued', 'read')).toBe('read');
  });

  it('lets a failure replace anything short of read, and keeps it', () => {
    expect(furthestStatus('sent', 'failed')).toBe('failed');
    expect(furthestStatus('delivered', 'failed')).toBe('failed');
    expect(furthestStatus('read', 'failed')).toBe('read');
    expect(furthestStatus('failed', 'delivered')).toBe('failed');
  });
});

describe.each(DIALECTS)('delivery statuses on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function sentReply() {
    server = await startTestServer({
      dialect,
      pipeline: { deliver: async (envelope) => ({ providerMessageId: `prov-${envelope.id}` }) },
    });
    const turn = await server.say('clinica', '573001', 'hola');
    const row = async () =>
      server!.db
        .selectFrom('messages')
        .select(['id', 'status', 'provider_message_id', 'error_code'])
        .where('turn_id', '=', turn.turn.id)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
    for (let attempt = 0; attempt < 100 && (await row()).status !== 'sent'; attempt++) {
      await new Promise<void>((resolve) =>
        server!.orquesta.pipeline.events.once('delivery-attempted', () => resolve()),
      );
    }
    return row;
  }

  it('applies out-of-order callbacks without going backwards, and keeps every report', async () => {
    const row = await sentReply();
    const { provider_message_id: providerMessageId } = await row();
    expect(providerMessageId).toMatch(/^prov-/);
    const report = (status: 'delivered' | 'read' | 'failed') =>
      server!.orquesta.pipeline.applyStatus('clinica', {
        connectionId: 'test',
        providerMessageId: providerMessageId!,
        status,
      });
    await report('read');
    await report('delivered');
    expect((await row()).status).toBe('read');
    await report('failed');
    expect((await row()).status).toBe('read');
    const history = await server!.db.selectFrom('delivery_statuses').select('status').orderBy('id').execute();
    expect(history.map((entry) => entry.status)).toEqual(['read', 'delivered', 'failed']);
  });

  it('records a failure with its error, and keeps a report for an id not sent yet', async () => {
    const row = await sentReply();
    const { provider_message_id: providerMessageId } = await row();
    await server!.orquesta.pipeline.applyStatus('clinica', {
      connectionId: 'test',
      providerMessageId: providerMessageId!,
      status: 'failed',
      error: { code: '131026', message: 'Message undeliverable' },
    });
    expect(await row()).toMatchObject({ status: 'failed', error_code: '131026' });
    const early = await server!.orquesta.pipeline.applyStatus('clinica', {
      connectionId: 'test',
      providerMessageId: 'not-sent-yet',
      status: 'delivered',
    });
    expect(early).toEqual({ messageId: null, status: null });
    const kept = await server!.db
      .selectFrom('delivery_statuses')
      .select('provider_message_id')
      .where('provider_message_id', '=', 'not-sent-yet')
      .execute();
    expect(kept).toHaveLength(1);
  });
});
