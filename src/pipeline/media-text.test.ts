import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { startFakeLlmServer, type FakeLlmServer } from '../../test/support/fake-llm-server.ts';
import { startFakeProvider, type FakeProvider } from '../../test/support/fake-provider.ts';
import { createGupshupChannel } from '../channels/gupshup/index.ts';
import { createTestChannel } from '../channels/test/index.ts';
import type { LlmClient } from '../llm/llm.ts';
import { createLogger } from '../observability/logger.ts';
import { llmTenant, llmTestClient, openLlmTestDatabase } from '../llm/test-support.ts';
import type { Database } from '../storage/schema.ts';
import type { ConnectionConfig } from '../tenancy/config-schema.ts';
import { createMediaUnderstander, type MediaSource, type MediaTurn } from './media-text.ts';

const gupshup: MediaSource = {
  channel: createGupshupChannel(),
  connection: {
    id: 'gupshup',
    channel: 'gupshup',
    settings: { appName: 'app', source: '5215512345678' },
  } as ConnectionConfig,
};

describe.each(DIALECTS)('media → text on %s', (dialect) => {
  let llmServer: FakeLlmServer;
  let files: FakeProvider;
  let database: Awaited<ReturnType<typeof openLlmTestDatabase>>;
  let db: Kysely<Database>;

  beforeAll(async () => {
    llmServer = await startFakeLlmServer();
    files = await startFakeProvider((request) => ({
      status: 200,
      body: `bytes of ${request.path}`,
      headers: { 'content-type': request.path.startsWith('/audio') ? 'audio/ogg; codecs=opus' : 'image/png' },
    }));
    database = await openLlmTestDatabase(dialect, [llmTenant(llmServer)]);
    db = database.db;
  });
  afterAll(async () => {
    await llmServer.stop();
    await files.close();
    await database.close();
  });
  beforeEach(() => {
    llmServer.requests.length = 0;
    files.requests.length = 0;
    llmServer.transcribeWith((file) => `dijo ${file.bytes.toString()}`);
    llmServer.respondToChat(() => ({ text: 'Un recibo de pago.' }));
  });

  function understander(
    llm: Record<string, unknown> = { transcriptionModel: 'whisper-1' },
    source: MediaSource | undefined = gupshup,
  ) {
    // A generous timeout: the first multipart upload of a test process may be slow to start.
    const { client } = llmTestClient(llmTenant(llmServer, { timeoutMs: 5000, ...llm }), db);
    const understand = createMediaUnderstander({
      tenants: new Map([['clinica', { locale: 'es' as const }]]),
      llmOf: () => client as LlmClient | null,
      resolve: () => source,
    });
    return { understand };
  }

  const message = (text: string, payload: Record<string, unknown> = {}) => ({
    kind: Object.keys(payload).length > 0 ? 'media' : 'text',
    text,
    payload: JSON.stringify(payload),
  });
  const voice = { mediaKind: 'voice', mimeType: 'audio/ogg; codecs=opus', voice: true };
  const turn = (burst: MediaTurn['burst'], state: MediaTurn['state'] = {}): MediaTurn => ({
    tenantId: 'clinica',
    connectionId: 'gupshup',
    conversationId: 'conv_1',
    turnKey: '41',
    state,
    burst,
    log: turnLog,
  });

  it('leaves a turn without media alone', async () => {
    const { understand } = understander();
    expect(await understand(turn([message('hola')]))).toBeUndefined();
    expect(llmServer.requests).toEqual([]);
  });

  it('puts a voice note’s transcription in its place in the burst, and records the call', async () => {
    const { understand } = understander();
    const result = await understand(
      turn([
        message('hola'),
        message('', { ...voice, url: `${files.baseUrl}/audio/1.ogg` }),
        message('gracias'),
      ]),
    );
    expect(result).toMatchObject({
      text: 'hola\ndijo bytes of /audio/1.ogg\ngracias',
      media: { kind: 'voice', understood: true },
      llmUsage: [expect.objectContaining({ purpose: 'transcribe', model: 'whisper-1', outcome: 'ok' })],
    });
    expect(result?.llmDeadline).toBeGreaterThan(Date.now());
    // The MIME type goes without its codec parameter.
    const [request] = llmServer.requests;
    expect(request?.form?.files.file?.type).toBe('audio/ogg');
    // The media is named in the log; what was said is not.
    expect(turnLogLines.join('')).toContain('/audio/1.ogg');
    expect(turnLogLines.join('')).not.toContain('dijo');
  });

  it('labels an image’s description in the conversation’s language, before its caption', async () => {
    const { understand } = understander();
    const image = { mediaKind: 'image', url: `${files.baseUrl}/image/1.png`, caption: 'mire' };
    expect((await understand(turn([message('mire', image)])))?.text).toBe(
      '[imagen: Un recibo de pago.]\nmire',
    );
    const english = await understand(turn([message('', image)], { locale: 'en' }));
    expect(english?.text).toBe('[image: Un recibo de pago.]');
    const [chat] = llmServer.chatRequests();
    expect(chat?.model).toBe('fake-chat');
    expect(chat?.max_tokens).toBe(200);
  });

  it('reads every media of a Twilio message', async () => {
    const { understand } = understander();
    const result = await understand(
      turn([
        message('', {
          media: [
            { url: `${files.baseUrl}/audio/a.ogg`, mimeType: 'audio/ogg', kind: 'audio' },
            { url: `${files.baseUrl}/image/b.png`, mimeType: 'image/png', kind: 'image' },
          ],
        }),
      ]),
    );
    expect(result?.text).toBe('dijo bytes of /audio/a.ogg\n[imagen: Un recibo de pago.]');
    expect(result?.media).toEqual({ kind: 'audio', understood: true });
  });

  it.each([
    ['no transcription model', { transcriptionModel: undefined }, gupshup],
    ['media switched off', { transcriptionModel: 'whisper-1', uses: { media: false } }, gupshup],
    [
      'a channel that cannot download',
      { transcriptionModel: 'whisper-1' },
      { ...gupshup, channel: createTestChannel() },
    ],
  ])('with %s a voice note stays not understood, nothing downloaded', async (_case, llm, source) => {
    const { understand } = understander(llm, source);
    const result = await understand(turn([message('', { ...voice, url: `${files.baseUrl}/audio/2.ogg` })]));
    expect(result).toEqual({
      text: '',
      media: { kind: 'voice', understood: false },
      llmUsage: [],
      llmDeadline: expect.any(Number),
    });
    expect(files.requests).toEqual([]);
    expect(llmServer.requests).toEqual([]);
  });

  it('keeps the caption when the download or the model fails', async () => {
    const { understand } = understander();
    files.respondWith(() => ({ status: 404, body: 'gone' }));
    const gone = await understand(
      turn([message('mire esto', { mediaKind: 'image', url: `${files.baseUrl}/image/x` })]),
    );
    expect(gone).toMatchObject({
      text: 'mire esto',
      media: { kind: 'image', understood: false },
      llmUsage: [],
    });

    files.respondWith(() => ({ status: 200, body: 'audio', headers: { 'content-type': 'audio/ogg' } }));
    llmServer.failNext('transcriptions', { status: 500 });
    const failed = await understand(turn([message('', { ...voice, url: `${files.baseUrl}/audio/3.ogg` })]));
    expect(failed).toMatchObject({
      text: '',
      media: { understood: false },
      llmUsage: [expect.objectContaining({ purpose: 'transcribe', outcome: 'error' })],
    });
  });
});

/** The turn's log, whose lines a test reads. */
const turnLogLines: string[] = [];
const turnLog = createLogger({
  level: 'debug',
  destination: new Writable({
    write(chunk, _encoding, done) {
      turnLogLines.push(String(chunk));
      done();
    },
  }),
});
