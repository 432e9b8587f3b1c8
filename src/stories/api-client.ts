/** The HTTP calls a story makes, in-process through Fastify's `inject()` with the admin token. */
import type { FastifyInstance } from 'fastify';

export interface TestTurnBody {
  contactId: string;
  replies: { text: string; buttons?: { id: string; title: string }[] }[];
  turn: { intent: string | null; confidence: number | null; skill: string | null; handoff: boolean };
}

export type SendResult = { ok: true; body: TestTurnBody } | { ok: false; problem: string };

export interface StoryApiClient {
  /** Posts a customer's message to the test endpoint and waits for its turn. */
  send(tenant: string, message: Record<string, unknown>): Promise<SendResult>;
  /** Every item of an API collection for one contact, following `nextCursor`. */
  collection(tenant: string, key: string, contactId: string): Promise<unknown[]>;
}

const MAX_PAGES = 20;

export function createStoryApiClient(app: FastifyInstance, adminToken: string): StoryApiClient {
  const headers = { authorization: `Bearer ${adminToken}` };
  return {
    async send(tenant, message) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/tenants/${encodeURIComponent(tenant)}/test/messages`,
        headers,
        payload: message,
      });
      if (response.statusCode !== 200)
        return { ok: false, problem: `the test endpoint answered ${response.statusCode}: ${response.body}` };
      return { ok: true, body: response.json<TestTurnBody>() };
    },
    async collection(tenant, key, contactId) {
      const items: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const query = new URLSearchParams({ contactId, ...(cursor ? { cursor } : {}) });
        const url = `/api/v1/tenants/${encodeURIComponent(tenant)}/${key}?${query.toString()}`;
        const response = await app.inject({ method: 'GET', url, headers });
        if (response.statusCode !== 200)
          throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`);
        const body: unknown = response.json();
        items.push(...itemsOf(body, key, url));
        const next = (body as { nextCursor?: unknown }).nextCursor;
        if (typeof next !== 'string') return items;
        cursor = next;
      }
      return items;
    },
  };
}

/** A listing is an array, or an object holding one under the collection's name or `items`. */
function itemsOf(body: unknown, key: string, url: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    const list = record[key] ?? record.items;
    if (Array.isArray(list)) return list;
  }
  throw new Error(`GET ${url} did not answer a list (nor { ${key}: [...] }): ${JSON.stringify(body)}`);
}
