import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/support/databases.ts';
import { testTenant } from '../../test/support/test-config.ts';
import { createLogger } from '../observability/logger.ts';
import { createLlmClient } from './client.ts';
import { llmSchema } from './llm-config.ts';
import type { LlmCall, LlmUsage } from './llm.ts';
import { useLlmTestBed } from './test-support.ts';

const PRICES = { 'fake-chat': { input: 0.15, output: 0.6 } };

describe.each(DIALECTS)('LLM client against the fake server on %s', (dialect) => {
  const bed = useLlmTestBed(dialect);

  const callFor = (usages: LlmUsage[], extra: Partial<LlmCall> = {}): LlmCall => ({
    purpose: 'rewrite',
    conversationId: 'conv_1',
    turnKey: 'turn_1',
    onUsage: (usage) => usages.push(usage),
    ...extra,
  });

  it('is not built without a base URL', () => {
    const logger = createLogger({ level: 'silent' });
    expect(createLlmClient(testTenant(), { db: bed.db, logger })).toBeNull();
    expect(
      createLlmClient(testTenant({ llm: llmSchema.parse({ baseUrl: '' }) }), { db: bed.db, logger }),
    ).toBeNull();
  });

  it('answers a chat with text, records its usage and cost, and hands the usage to the turn', async () => {
    const { client } = bed.client({ prices: PRICES });
    bed.server.enqueueChat({
      text: 'Claro, el lunes a las 10:00.',
      usage: { promptTokens: 1000, completionTokens: 500 },
    });
    const usages: LlmUsage[] = [];
    const answer = await client.chat({ messages: [{ role: 'user', content: 'hola' }] }, callFor(usages));
    expect(answer?.text).toBe('Claro, el lunes a las 10:00.');
    expect(answer?.toolCalls).toEqual([]);
    expect(answer?.usage).toMatchObject({
      purpose: 'rewrite',
      model: 'fake-chat',
      tokensIn: 1000,
      tokensOut: 500,
      outcome: 'ok',
    });
    expect(answer?.usage.cost).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(usages).toEqual([answer?.usage]);
    const rows = await bed.db.selectFrom('llm_calls').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: 'clinica',
      conversation_id: 'conv_1',
      turn_key: 'turn_1',
      purpose: 'rewrite',
      model: 'fake-chat',
      tokens_in: 1000,
      tokens_out: 500,
      outcome: 'ok',
      // 12:00 UTC is 07:00 in Bogotá, the same day.
      day: '2026-03-02',
    });
    expect(Number(rows[0]?.cost)).toBeCloseTo(0.00045, 9);
  });

  it('sends tools, the JSON schema, max tokens, temperature and a model override as the API expects', async () => {
    const { client } = bed.client({ temperature: 0.3, maxTokens: 200 });
    bed.server.enqueueChat({
      toolCalls: [{ id: 'call_7', name: 'list_services', arguments: { category: 'facial' } }],
    });
    const schema = { type: 'object', properties: { intent: { type: 'string' } }, required: ['intent'] };
    const answer = await client.chat(
      {
        messages: [
          { role: 'system', content: 'instrucciones' },
          { role: 'user', content: '¿qué servicios faciales tienen?' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'list_services', description: 'Servicios', parameters: { type: 'object' } },
          },
        ],
        jsonSchema: { name: 'understanding', schema },
        model: 'fake-vision',
        maxTokens: 50,
      },
      callFor([], { purpose: 'agent' }),
    );
    expect(answer?.toolCalls).toEqual([
      { id: 'call_7', name: 'list_services', arguments: '{"category":"facial"}' },
    ]);
    const body = bed.server.chatRequests().at(-1);
    expect(body).toMatchObject({
      model: 'fake-vision',
      max_tokens: 50,
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'instrucciones' },
        { role: 'user', content: '¿qué servicios faciales tienen?' },
      ],
      tools: [{ type: 'function', function: { name: 'list_services', description: 'Servicios' } }],
      response_format: { type: 'json_schema', json_schema: { name: 'understanding', schema } },
    });
    expect(body?.stream).toBeUndefined();
  });

  it('sends the API key and extra headers (OpenRouter), and a placeholder key, never the environment’s, when none is set', async () => {
    const { client } = bed.client({
      apiKey: 'sk-or-secret-123',
      headers: { 'HTTP-Referer': 'https://clinica.example', 'X-Title': 'Clínica Bella Piel' },
    });
    await client.chat({ messages: [{ role: 'user', content: 'hola' }] }, callFor([]));
    const headers = bed.server.requests.at(-1)?.headers;
    expect(headers?.authorization).toBe('Bearer sk-or-secret-123');
    expect(headers?.['http-referer']).toBe('https://clinica.example');
    expect(headers?.['x-title']).toBe('Clínica Bella Piel');

    process.env.OPENAI_API_KEY = 'sk-from-the-environment';
    try {
      const keyless = bed.client();
      await keyless.client.chat({ messages: [{ role: 'user', content: 'hola' }] }, callFor([]));
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
    expect(bed.server.requests.at(-1)?.headers.authorization).toBe('Bearer no-key');
  });

  it('returns null on a timeout, records the failed call, and logs neither the message nor the key', async () => {
    const { client, logLines } = bed.client({ apiKey: 'sk-secret-456', timeoutMs: 300 });
    bed.server.enqueueChat({ hang: true });
    const usages: LlmUsage[] = [];
    const answer = await client.chat(
      { messages: [{ role: 'user', content: 'mi cédula es 1020304050' }] },
      callFor(usages),
    );
    expect(answer).toBeNull();
    expect(usages).toMatchObject([{ outcome: 'error', tokensIn: 0, tokensOut: 0 }]);
    const row = await bed.db.selectFrom('llm_calls').select(['outcome', 'purpose']).executeTakeFirst();
    expect(row).toEqual({ outcome: 'error', purpose: 'rewrite' });
    const warning = logLines.find((line) => line.includes('language-model call failed'));
    expect(warning).toContain('APIConnectionTimeoutError');
    expect(logLines.join('')).not.toContain('1020304050');
    expect(logLines.join('')).not.toContain('sk-secret-456');
  });

  it('retries a 429 once and succeeds with the second answer', async () => {
    const { client } = bed.client({ maxRetries: 1 });
    const before = bed.server.requests.length;
    bed.server.enqueueChat({ status: 429, message: 'rate limited' }, { text: 'segunda' });
    const answer = await client.chat({ messages: [{ role: 'user', content: 'hola' }] }, callFor([]));
    expect(answer?.text).toBe('segunda');
    expect(bed.server.requests.length - before).toBe(2);
    const rows = await bed.db.selectFrom('llm_calls').select('outcome').execute();
    expect(rows).toEqual([{ outcome: 'ok' }]);
  });

  it('does not call when the turn’s deadline is too close', async () => {
    const { client, fetches } = bed.client();
    const answer = await client.chat(
      { messages: [{ role: 'user', content: 'hola' }] },
      callFor([], { deadline: Date.now() + 50 }),
    );
    expect(answer).toBeNull();
    expect(fetches()).toBe(0);
  });

  it('cuts a call at the turn’s deadline even when the configured timeout is longer', async () => {
    const { client } = bed.client({ timeoutMs: 60_000 });
    bed.server.enqueueChat({ hang: true });
    const usages: LlmUsage[] = [];
    const answer = await client.chat(
      { messages: [{ role: 'user', content: 'hola' }] },
      callFor(usages, { deadline: Date.now() + 250 }),
    );
    expect(answer).toBeNull();
    expect(usages[0]?.outcome).toBe('error');
  });

  it('marks a rejected answer in its usage record and in the turn’s copy', async () => {
    const { client } = bed.client();
    const usages: LlmUsage[] = [];
    const answer = await client.chat({ messages: [{ role: 'user', content: 'hola' }] }, callFor(usages));
    await client.reject(answer!);
    expect(usages[0]?.outcome).toBe('rejected');
    const row = await bed.db.selectFrom('llm_calls').select('outcome').executeTakeFirst();
    expect(row?.outcome).toBe('rejected');
  });

  it('embeds texts with the embedding model, as floats, in input order', async () => {
    const { client } = bed.client({ embeddingModel: 'fake-embed' });
    const vectors = await client.embed(
      ['horario del sábado', 'precio del plan'],
      callFor([], { purpose: 'embed' }),
    );
    expect(vectors).toHaveLength(2);
    expect(vectors?.[0]).toHaveLength(256);
    const body = bed.server.requests.at(-1)?.json;
    expect(body).toEqual({
      model: 'fake-embed',
      input: ['horario del sábado', 'precio del plan'],
      encoding_format: 'float',
    });
    const row = await bed.db.selectFrom('llm_calls').select(['purpose', 'model']).executeTakeFirst();
    expect(row).toEqual({ purpose: 'embed', model: 'fake-embed' });
  });

  it('embeds nothing without an embedding model', async () => {
    const { client, fetches } = bed.client();
    expect(await client.embed(['hola'], callFor([], { purpose: 'embed' }))).toBeNull();
    expect(fetches()).toBe(0);
  });

  it('transcribes a voice note as a multipart upload named after its format', async () => {
    const { client } = bed.client({ transcriptionModel: 'fake-whisper' });
    bed.server.transcribeWith(() => 'quiero una cita para el lunes');
    const text = await client.transcribe(
      { bytes: Buffer.from('OggS fake audio'), mimeType: 'audio/ogg; codecs=opus' },
      callFor([], { purpose: 'transcribe' }),
    );
    expect(text).toBe('quiero una cita para el lunes');
    const form = bed.server.requests.at(-1)?.form;
    expect(form?.fields.model).toBe('fake-whisper');
    expect(form?.files.file?.name).toBe('audio.ogg');
    expect(form?.files.file?.bytes.toString()).toBe('OggS fake audio');
  });

  it('returns null, not an exception, for a provider error', async () => {
    const { client } = bed.client();
    bed.server.failNext('embeddings', { status: 500 });
    bed.server.enqueueChat({ status: 401, message: 'invalid key' });
    expect(await client.chat({ messages: [{ role: 'user', content: 'hola' }] }, callFor([]))).toBeNull();
    const embedding = bed.client({ embeddingModel: 'fake-embed' }).client;
    expect(await embedding.embed(['hola'], callFor([], { purpose: 'embed' }))).toBeNull();
    const outcomes = await bed.db.selectFrom('llm_calls').select('outcome').execute();
    expect(outcomes).toEqual([{ outcome: 'error' }, { outcome: 'error' }]);
  });
});
