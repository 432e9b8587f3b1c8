/**
 * Voice notes and images end to end: a signed WhatsApp Cloud webhook through the real server, the media
 * downloaded from a fake Graph API with the connection's token, transcribed or described by a fake
 * OpenAI-compatible server, and the turn answering what the customer said or showed — or, without a
 * model or when it fails, asking the customer to write instead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmSchema } from '../src/llm/llm-config.ts';
import type { LlmUsage } from '../src/llm/llm.ts';
import {
  ACCESS_TOKEN,
  CLINICA_NUMBER,
  graphAnswer,
  messageWebhook,
  nextAttempt,
  postWebhook,
  sends,
  textWebhook,
  whatsappConnection,
} from './channels/whatsapp-cloud-support.ts';
import { DIALECTS } from './support/databases.ts';
import { contentText, startFakeLlmServer, type FakeLlmServer } from './support/fake-llm-server.ts';
import { startFakeProvider, type FakeProvider, type RecordedRequest } from './support/fake-provider.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const VOICE_ID = '1234567890987654321';
const IMAGE_ID = '2621233374848975';
/** What the fake Graph API serves for each media id (ASCII stands in for the encoded audio and image). */
const FILES: Record<string, { bytes: string; mimeType: string }> = {
  [VOICE_ID]: { bytes: 'OggS-opus-voice-note', mimeType: 'audio/ogg' },
  [IMAGE_ID]: { bytes: 'JFIF-photo-of-a-skin-spot', mimeType: 'image/jpeg' },
};
const SPOKEN = 'quiero agendar una cita';
const ASK_AUDIO = 'Por ahora no puedo escuchar audios; ¿me lo escribes?';
const ASK_IMAGE = 'Por ahora no puedo ver imágenes; ¿me escribes lo que necesitas?';

/** Every use but media off, so the replies are the templates and only media calls reach the model. */
const MEDIA_ONLY = { rewrite: false, understand: false, knowledge: false, agent: false, media: true };

const voiceNote = (id: string) =>
  messageWebhook(CLINICA_NUMBER, {
    id,
    type: 'audio',
    audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'm04pFf2E', id: VOICE_ID, voice: true },
  });
const photo = (id: string, caption?: string) =>
  messageWebhook(CLINICA_NUMBER, {
    id,
    type: 'image',
    image: { mime_type: 'image/jpeg', sha256: 'Jh1mEh', id: IMAGE_ID, ...(caption ? { caption } : {}) },
  });

/** Meta's media retrieval (`GET /{version}/{media-id}` → a URL, then the file) beside the usual sends. */
function graphWithMedia(fake: () => FakeProvider) {
  let sent = 0;
  const send = graphAnswer(() => `wamid.OUT-${++sent}`);
  return (request: RecordedRequest) => {
    const id = request.path.split('/').pop() ?? '';
    const file = FILES[id];
    if (request.method === 'GET' && request.path.startsWith('/v23.0/') && file) {
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          id,
          url: `${fake().baseUrl}/whatsapp_business/attachments/${id}`,
          mime_type: file.mimeType,
          sha256: 'hash',
          file_size: String(file.bytes.length),
        },
      };
    }
    if (request.method === 'GET' && file) {
      return { status: 200, body: file.bytes, headers: { 'content-type': file.mimeType } };
    }
    return send(request);
  };
}

const isMediaRequest = (request: RecordedRequest) => request.method === 'GET';

describe.each(DIALECTS)('voice notes and images on %s', (dialect) => {
  let graph: FakeProvider;
  let llm: FakeLlmServer;
  let server: TestServer | undefined;

  beforeEach(async () => {
    graph = await startFakeProvider(graphWithMedia(() => graph));
    llm = await startFakeLlmServer();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await graph.close();
    await llm.stop();
  });

  async function start(withLlm: boolean): Promise<TestServer> {
    server = await startTestServer({
      dialect,
      pipeline: { outbox: { baseDelayMs: 1, maxDelayMs: 5 } },
      config: testConfig([
        {
          id: 'clinica',
          name: 'Clínica Bella Piel',
          skills: ['smalltalk', 'appointments', 'handoff'],
          business: { data: 'clinica/negocio.yaml' },
          nlu: { data: 'clinica/nlu.yml', threshold: 0.6, provider: 'embedded', timeoutMs: 2000 },
          connections: [whatsappConnection(graph, CLINICA_NUMBER)],
          ...(withLlm
            ? {
                llm: llmSchema.parse({
                  baseUrl: llm.baseUrl,
                  model: 'chat-model',
                  visionModel: 'vision-model',
                  transcriptionModel: 'whisper-1',
                  timeoutMs: 5000,
                  maxRetries: 0,
                  uses: MEDIA_ONLY,
                }),
              }
            : {}),
        },
      ]),
    });
    return server;
  }

  /** Posts a signed webhook and resolves with the text of the reply sent for it. */
  async function converse(body: string): Promise<string> {
    const attempt = nextAttempt(server!, (candidate) => candidate.status !== 'queued');
    const response = await postWebhook(server!, 'clinica', body);
    expect(response.statusCode).toBe(200);
    expect((await attempt).status).toBe('sent');
    const reply = sends(graph).at(-1)?.json as {
      text?: { body?: string };
      interactive?: { body?: { text?: string } };
    };
    return reply.text?.body ?? reply.interactive?.body?.text ?? '';
  }

  async function turns() {
    const rows = await server!.db
      .selectFrom('turns')
      .select(['intent', 'outcome', 'llm_usage'])
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({
      ...row,
      llmUsage: row.llm_usage ? (JSON.parse(row.llm_usage) as LlmUsage[]) : [],
    }));
  }

  it('transcribes a voice note and answers what was said: the booking question', async () => {
    llm.transcribeWith((file) => (file.bytes.toString() === FILES[VOICE_ID]!.bytes ? SPOKEN : ''));
    await start(true);

    const answered = await converse(voiceNote('wamid.VOICE-1'));

    // The media came from Meta with the connection's token…
    expect(
      graph.requests.filter(isMediaRequest).map((request) => [request.path, request.headers.authorization]),
    ).toEqual([
      [`/v23.0/${VOICE_ID}`, `Bearer ${ACCESS_TOKEN}`],
      [`/whatsapp_business/attachments/${VOICE_ID}`, `Bearer ${ACCESS_TOKEN}`],
    ]);
    // …and went as it was to the transcription model.
    const [transcription] = llm.requests.filter((request) => request.path === '/v1/audio/transcriptions');
    expect(transcription?.form?.fields.model).toBe('whisper-1');
    expect(transcription?.form?.files.file?.bytes.toString()).toBe(FILES[VOICE_ID]!.bytes);
    expect(transcription?.form?.files.file?.type).toBe('audio/ogg');

    // The turn understood the words: the same answer as to the typed sentence.
    const [turn] = await turns();
    expect(turn?.intent).toBe('agendar_cita');
    expect(turn?.llmUsage).toEqual([
      expect.objectContaining({ purpose: 'transcribe', model: 'whisper-1', outcome: 'ok' }),
    ]);
    const typed = await converse(textWebhook(CLINICA_NUMBER, 'wamid.TEXT-1', SPOKEN, '573009999999'));
    expect(answered).toBe(typed);
    expect(answered).not.toBe(ASK_AUDIO);
    // Media ids may be logged; what the customer said never is.
    expect(server!.logLines.join('')).toContain(VOICE_ID);
    expect(server!.logLines.join('')).not.toContain(SPOKEN);
  });

  it('describes an image with the vision model, sending it as a data URL with the caption', async () => {
    llm.respondToChat(() => ({ text: 'Una mancha oscura en la piel del brazo.' }));
    await start(true);

    const answered = await converse(photo('wamid.IMAGE-1', '¿qué me recomiendan?'));

    const [chat] = llm.chatRequests();
    expect(chat?.model).toBe('vision-model');
    expect(chat?.messages[0]?.role).toBe('system');
    expect(contentText(chat?.messages[0]?.content)).toContain('Clínica Bella Piel');
    expect(chat?.messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: '¿qué me recomiendan?' },
        {
          type: 'image_url',
          image_url: {
            url: `data:image/jpeg;base64,${Buffer.from(FILES[IMAGE_ID]!.bytes).toString('base64')}`,
          },
        },
      ],
    });
    const [turn] = await turns();
    expect(turn?.llmUsage).toEqual([expect.objectContaining({ purpose: 'describe', model: 'vision-model' })]);
    expect(answered).not.toBe('');
    expect(answered).not.toBe(ASK_IMAGE);
    expect(server!.logLines.join('')).not.toContain('mancha oscura');
  });

  it('without a language model asks the customer to write, downloading nothing', async () => {
    await start(false);

    expect(await converse(voiceNote('wamid.VOICE-2'))).toBe(ASK_AUDIO);
    expect(await converse(photo('wamid.IMAGE-2'))).toBe(ASK_IMAGE);

    expect(graph.requests.filter(isMediaRequest)).toEqual([]);
    expect(llm.requests).toEqual([]);
    expect((await turns()).map((turn) => turn.outcome)).toEqual(['answered', 'answered']);
  });

  it('an image with a caption is answered from the caption when it cannot be seen', async () => {
    await start(false);
    const answered = await converse(photo('wamid.IMAGE-3', 'quiero agendar una cita'));
    expect(answered).not.toBe(ASK_IMAGE);
    expect((await turns())[0]?.intent).toBe('agendar_cita');
  });

  it('with the model down asks the customer to write, and the turn does not fail', async () => {
    await start(true);
    await llm.stop();

    expect(await converse(voiceNote('wamid.VOICE-3'))).toBe(ASK_AUDIO);

    const [turn] = await turns();
    expect(turn?.outcome).toBe('answered');
    expect(turn?.llmUsage).toEqual([expect.objectContaining({ purpose: 'transcribe', outcome: 'error' })]);
    const inbound = await server!.db
      .selectFrom('messages')
      .select(['status', 'attempts'])
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    expect(inbound.status).not.toBe('failed');
    expect(inbound.attempts).toBe(0);
  });

  it('when the media cannot be downloaded asks the customer to write, without calling the model', async () => {
    graph.respondWith((request) =>
      request.method === 'GET'
        ? { status: 404, body: { error: { code: 100, message: 'Unsupported get request' } } }
        : graphWithMedia(() => graph)(request),
    );
    await start(true);

    expect(await converse(voiceNote('wamid.VOICE-4'))).toBe(ASK_AUDIO);
    expect(llm.requests).toEqual([]);
  });
});
