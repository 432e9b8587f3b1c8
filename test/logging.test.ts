/**
 * What the logs say about one message, end to end through the real app: nothing a customer wrote and
 * no phone number, and the same turn and trace ids from ingest to delivery.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const TEXT = 'hola, me llamo zanahoria-7731 y quiero una cita';
const PHONE = '573009876543';
const NAME = 'Zoe Quintero';

type LogRecord = Record<string, unknown> & { msg: string };

describe.each(DIALECTS)('logs of one message on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Sends the message and waits until its reply was delivered; returns the turn id and every log line. */
  async function driveOneMessage(current: TestServer) {
    const response = await current.send('clinica', { from: PHONE, text: TEXT, name: NAME });
    expect(response.statusCode).toBe(200);
    const turnId = (response.json() as { turn: { id: string } }).turn.id;
    // Delivery happens after the response, in the outbox sender: wait for its line, not for a while.
    await vi.waitFor(
      () => {
        const sent = records(current).filter((record) => record.msg === 'message sent');
        expect(sent.map((record) => record.turnId)).toContain(turnId);
      },
      { timeout: 10_000, interval: 20 },
    );
    return { turnId, lines: [...current.logLines] };
  }

  function records(current: TestServer): LogRecord[] {
    return current.logLines.map((line) => JSON.parse(line) as LogRecord);
  }

  it('never writes the message text, the phone number or the name', async () => {
    server = await startTestServer({ dialect });
    const { lines } = await driveOneMessage(server);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const everything = lines.join('');
    expect(everything).not.toContain(TEXT);
    expect(everything).not.toContain('zanahoria');
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain(PHONE.slice(2));
    expect(everything).not.toContain(NAME);
    // The reply the bot sent contains the name, so it is a message body too.
    expect(everything).not.toContain('Zoe');
  });

  it('carries the turn id and trace id from "message received" through "turn committed" to "message sent"', async () => {
    server = await startTestServer({ dialect });
    const { turnId } = await driveOneMessage(server);
    const turn = await server.db
      .selectFrom('turns')
      .select(['trace_id', 'conversation_id'])
      .where('id', '=', turnId)
      .executeTakeFirstOrThrow();
    const traceId = turn.trace_id;
    expect(traceId).toMatch(/^trc_/);

    const log = records(server);
    const byMessage = (msg: string) => log.filter((record) => record.msg === msg);
    const [received] = byMessage('message received');
    const [committed] = byMessage('turn committed');
    const [sent] = byMessage('message sent');
    expect(byMessage('message received')).toHaveLength(1);
    expect(byMessage('turn committed')).toHaveLength(1);
    expect(byMessage('message sent')).toHaveLength(1);

    // Ingest knows the trace; the turn id exists from the turn on.
    expect(received).toMatchObject({ tenant: 'clinica', traceId, conversationId: turn.conversation_id });
    expect(committed).toMatchObject({
      tenant: 'clinica',
      traceId,
      turnId,
      conversationId: turn.conversation_id,
    });
    expect(sent).toMatchObject({ tenant: 'clinica', traceId, turnId });

    // The outbound row carries the same ids, so a delivery status can be traced back to the turn.
    const outbound = await server.db
      .selectFrom('messages')
      .select(['trace_id', 'turn_id', 'status'])
      .where('direction', '=', 'out')
      .execute();
    expect(outbound).toEqual([{ trace_id: traceId, turn_id: turnId, status: 'sent' }]);
  });
});
