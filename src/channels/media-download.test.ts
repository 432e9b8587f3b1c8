import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../test/support/fake-provider.ts';
import { fetchMediaFile } from './media-download.ts';

let files: FakeProvider;
beforeAll(async () => {
  files = await startFakeProvider((request) =>
    request.path === '/hang'
      ? new Promise(() => {})
      : request.path === '/busy'
        ? { status: 503, body: 'busy' }
        : { status: 200, body: 'x'.repeat(2048), headers: { 'content-type': 'application/octet-stream' } },
  );
});
afterAll(async () => files.close());

describe('fetchMediaFile', () => {
  it('gives the bytes, with the announced MIME type over a generic one', async () => {
    const file = await fetchMediaFile({ url: `${files.baseUrl}/a`, what: 'file a' });
    expect(file.bytes.length).toBe(2048);
    expect(file.mimeType).toBe('application/octet-stream');
    const typed = await fetchMediaFile({ url: `${files.baseUrl}/a`, what: 'file a', mimeType: 'audio/ogg' });
    expect(typed.mimeType).toBe('audio/ogg');
  });

  it('refuses more bytes than allowed', async () => {
    await expect(
      fetchMediaFile({ url: `${files.baseUrl}/a`, what: 'file a' }, { maxBytes: 1000 }),
    ).rejects.toMatchObject({
      code: 'too_large',
      message: 'file a is larger than 1000 bytes and is not downloaded',
    });
  });

  it('classifies failures, naming the file and not the URL', async () => {
    await expect(fetchMediaFile({ url: `${files.baseUrl}/busy`, what: 'file b' })).rejects.toMatchObject({
      code: 'http_503',
      retryable: true,
    });
    const hung = await fetchMediaFile(
      { url: `${files.baseUrl}/hang`, what: 'file c' },
      { timeoutMs: 200 },
    ).catch((error: Error) => error);
    expect(hung).toMatchObject({ code: 'timeout', retryable: true });
    const refused = await fetchMediaFile({ url: 'http://127.0.0.1:9/secret-token/x', what: 'file d' }).catch(
      (error: Error) => error,
    );
    expect(refused).toMatchObject({
      code: 'network',
      message: 'downloading file d failed: the provider could not be reached',
    });
  });
});
