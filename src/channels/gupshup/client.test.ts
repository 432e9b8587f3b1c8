import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { DeliveryError } from '../../core/delivery.ts';
import { createGupshupClient, retryAfter, toGupshupMessage } from './client.ts';

const API_KEY = 'gupshup-api-key-for-tests';

describe('Gupshup messaging API client', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider(() => ({
      status: 202,
      body: { status: 'submitted', messageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35' },
    }));
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });
  const client = () =>
    createGupshupClient({
      apiBaseUrl: fake.baseUrl,
      apiKey: API_KEY,
      appName: 'autosconfianza',
      source: '5215512345678',
    });

  it('posts the form fields of the documented curl, with the apikey header', async () => {
    const sent = await client().sendMessage('5215598765432', {
      type: 'text',
      text: 'Hola, ¿en qué te ayudo?',
    });
    expect(sent).toEqual({ messageId: 'ee4a68a0-1203-4c85-8dc3-49d0b3226a35' });
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/wa/api/v1/msg');
    expect(request!.headers.apikey).toBe(API_KEY);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request!.form!)).toEqual({
      channel: 'whatsapp',
      source: '5215512345678',
      destination: '5215598765432',
      message: JSON.stringify({ type: 'text', text: 'Hola, ¿en qué te ayudo?' }),
      'src.name': 'autosconfianza',
    });
    // The same field names as Gupshup's own example.
    const documented = readFileSync(new URL('./__fixtures__/send_text.request.txt', import.meta.url), 'utf8');
    const names = [...documented.matchAll(/--data-urlencode '([^=]+)=/g)].map((match) => match[1]);
    expect([...request!.form!.keys()].sort()).toEqual([...new Set(names)].sort());
  });

  it.each([
    [429, { 'retry-after': '7' }, 'http_429', 7000],
    [500, {}, 'http_500', undefined],
    [503, { 'retry-after': '0' }, 'http_503', 0],
  ])('retries %i', async (status, headers, code, retryAfterMs) => {
    fake.enqueue({ status, headers, body: { status: 'error', message: 'busy' } });
    const error = await client()
      .sendMessage('5215598765432', { type: 'text', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code, retryable: true, retryAfterMs });
  });

  it('records any other 4xx as permanent, with Gupshup’s message', async () => {
    fake.enqueue({ status: 400, body: { status: 'error', message: 'Invalid Destination' } });
    const error = await client()
      .sendMessage('123', { type: 'text', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'http_400', retryable: false });
    expect((error as Error).message).toContain('Invalid Destination');
  });

  it('uses Gupshup’s own error code when it gives one', async () => {
    fake.enqueue({ status: 401, body: { status: 'error', code: 1003, message: 'Wallet Balance Low' } });
    const error = await client()
      .sendMessage('123', { type: 'text', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: '1003', retryable: false });
  });

  it('counts an unreachable API as a retryable network error', async () => {
    const unreachable = createGupshupClient({
      apiBaseUrl: 'http://127.0.0.1:1',
      apiKey: API_KEY,
      appName: 'a',
      source: '1',
    });
    const error = await unreachable
      .sendMessage('123', { type: 'text', text: 'x' })
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });
});

describe('what Gupshup is asked to show', () => {
  it('sends buttons as a quick_reply whose options carry their ids as postbackText', () => {
    expect(
      toGupshupMessage(
        {
          text: '¿Te ayudo con algo más?',
          buttons: [
            { id: 'ayuda', title: 'Ver opciones' },
            { id: 'humano', title: 'Hablar con asesor' },
          ],
        },
        '42',
      ),
    ).toEqual({
      type: 'quick_reply',
      msgid: '42',
      content: { type: 'text', text: '¿Te ayudo con algo más?' },
      options: [
        { title: 'Ver opciones', postbackText: 'ayuda' },
        { title: 'Hablar con asesor', postbackText: 'humano' },
      ],
    });
  });

  it('sends a list as a list message with one section', () => {
    expect(
      toGupshupMessage(
        {
          text: 'Elige un modelo',
          list: {
            button: 'Ver opciones',
            rows: [
              { id: 'a', title: 'Sedán' },
              { id: 'b', title: 'SUV' },
            ],
          },
        },
        '7',
      ),
    ).toEqual({
      type: 'list',
      title: 'Ver opciones',
      body: 'Elige un modelo',
      msgid: '7',
      globalButtons: [{ type: 'text', title: 'Ver opciones' }],
      items: [
        {
          options: [
            { type: 'text', title: 'Sedán', postbackText: 'a' },
            { type: 'text', title: 'SUV', postbackText: 'b' },
          ],
        },
      ],
    });
  });

  it('reads Retry-After in seconds or as a date', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(retryAfter('12', now)).toBe(12_000);
    expect(retryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter('soon', now)).toBeUndefined();
    expect(retryAfter(null, now)).toBeUndefined();
  });
});
