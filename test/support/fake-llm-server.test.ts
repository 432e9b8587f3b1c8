import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineSimilarity, startFakeLlmServer, type FakeLlmServer } from './fake-llm-server.ts';

describe('fake LLM server, spoken to by the openai package', () => {
  let server: FakeLlmServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startFakeLlmServer();
    client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'test-key', maxRetries: 0, timeout: 2000 });
  });
  afterAll(() => server.stop());

  it('answers a chat completion in JSON, echoing the user by default, and records the request', async () => {
    const completion = await client.chat.completions.create({
      model: 'fake-model',
      messages: [
        { role: 'system', content: 'Eres amable.' },
        { role: 'user', content: 'Hola, ¿abren el sábado?' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('Hola, ¿abren el sábado?');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    const [request] = server.requests.slice(-1);
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(server.chatRequests().at(-1)?.messages[0]).toEqual({ role: 'system', content: 'Eres amable.' });
  });

  it('answers scripted tool calls and JSON, in order', async () => {
    server.enqueueChat(
      {
        toolCalls: [{ name: 'buscar_citas', arguments: { dia: '2026-03-02' } }],
        usage: { promptTokens: 50, completionTokens: 7 },
      },
      { json: { intent: 'agendar', confidence: 0.9 } },
    );
    const tools = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: '¿Qué citas tengo?' }],
      tools: [{ type: 'function', function: { name: 'buscar_citas', parameters: { type: 'object' } } }],
    });
    const call = tools.choices[0]?.message.tool_calls?.[0];
    expect(tools.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function).toEqual({
      name: 'buscar_citas',
      arguments: '{"dia":"2026-03-02"}',
    });
    expect(tools.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 7, total_tokens: 57 });

    const structured = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'quiero una cita' }],
      response_format: { type: 'json_schema', json_schema: { name: 'intent', schema: { type: 'object' } } },
    });
    expect(JSON.parse(structured.choices[0]?.message.content ?? '')).toEqual({
      intent: 'agendar',
      confidence: 0.9,
    });
    expect(server.chatRequests().at(-1)?.response_format?.json_schema?.name).toBe('intent');
  });

  it('streams text and tool calls over SSE, with the usage chunk when asked', async () => {
    server.enqueueChat({
      text: 'Con gusto reviso su cita del lunes.',
      toolCalls: [{ id: 'call_1', name: 'ver_cita', arguments: { id: 'apt-42' } }],
      usage: { promptTokens: 30, completionTokens: 12 },
    });
    const stream = client.chat.completions.stream({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'mi cita' }],
      stream_options: { include_usage: true },
    });
    let chunks = 0;
    for await (const _chunk of stream) chunks++;
    const completion = await stream.finalChatCompletion();
    expect(chunks).toBeGreaterThan(3);
    expect(completion.choices[0]?.message.content).toBe('Con gusto reviso su cita del lunes.');
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      id: 'call_1',
      function: { name: 'ver_cita', arguments: '{"id":"apt-42"}' },
    });
    expect(completion.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 12 });
  });

  it("answers a scripted HTTP error with OpenAI's error body", async () => {
    server.enqueueChat({ status: 429, message: 'slow down' });
    const failure = await client.chat.completions
      .create({ model: 'fake-model', messages: [{ role: 'user', content: 'hola' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).message).toContain('slow down');
  });

  it('embeds texts so that texts sharing words are closer, in float and base64 encodings', async () => {
    const texts = [
      'horario de atención los sábados',
      'atención los sábados de 9 a 13',
      'precio del plan de internet',
    ];
    const decoded = await client.embeddings.create({ model: 'fake-embed', input: texts });
    const floats = await client.embeddings.create({
      model: 'fake-embed',
      input: texts,
      encoding_format: 'float',
    });
    const [a, b, c] = decoded.data.map((item) => item.embedding);
    expect(floats.data.map((item) => item.embedding[0])).toEqual(
      decoded.data.map((item) => item.embedding[0]),
    );
    expect(cosineSimilarity(a!, b!)).toBeGreaterThan(cosineSimilarity(a!, c!));
  });

  it('transcribes an uploaded file from its multipart form', async () => {
    server.transcribeWith((file, fields) => `${fields.model}:${file.type}:${file.bytes.length}`);
    const transcription = await client.audio.transcriptions.create({
      model: 'fake-whisper',
      file: await toFile(Buffer.from('OggS-audio'), 'nota.ogg', { type: 'audio/ogg' }),
    });
    expect(transcription.text).toBe('fake-whisper:audio/ogg:10');
    expect(server.requests.at(-1)?.form?.files.file?.name).toBe('nota.ogg');
  });

  it('refuses connections once stopped and answers again after restart on the same port', async () => {
    const port = server.port;
    await server.stop();
    await expect(
      client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'hola' }] }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    await server.restart();
    expect(server.port).toBe(port);
    const completion = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'de vuelta' }],
    });
    expect(completion.choices[0]?.message.content).toBe('de vuelta');
  });

  it('hangs when told to, until the client times out', async () => {
    server.enqueueChat({ hang: true });
    await expect(
      client.chat.completions.create(
        { model: 'fake-model', messages: [{ role: 'user', content: 'hola' }] },
        { timeout: 200 },
      ),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });
});
