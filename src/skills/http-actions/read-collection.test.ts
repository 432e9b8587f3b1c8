import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../test/support/fake-provider.ts';
import { OrquestaError } from '../../core/errors.ts';
import { HttpActionError } from './http-action-error.ts';
import { readCollection, type ActionCollection } from './read-collection.ts';
import { parseHttpActionsSettings } from './settings.ts';

const where = 'tenants[2].skillSettings.http-actions';
const contact = { phone: '573001234567', name: 'Ana Gómez' };

function listing(url: string, items?: string): ActionCollection {
  const settings = parseHttpActionsSettings(
    {
      actions: [
        {
          name: 'listar_tickets',
          method: 'GET',
          url,
          headers: { Authorization: 'Bearer secreto-del-entorno' },
          retries: 0,
          reply: { success: 'http-actions.done' },
        },
      ],
      collections: { tickets: { action: 'listar_tickets', ...(items ? { items } : {}) } },
    },
    where,
  );
  return { name: 'tickets', action: settings.actions[0]!, items: settings.collections.tickets!.items };
}

/** The error text of settings that should be refused, one problem per line. */
function problemsOf(settings: Record<string, unknown>): string[] {
  try {
    parseHttpActionsSettings(settings, where);
  } catch (error) {
    expect(error).toBeInstanceOf(OrquestaError);
    return (error as OrquestaError).details as string[];
  }
  throw new Error('expected the settings to be refused');
}

describe('collection settings', () => {
  const list = {
    name: 'listar_tickets',
    method: 'GET',
    url: 'https://api.rednova.test/tickets?phone={{contact.phone}}',
    reply: { success: 'http-actions.done' },
  };
  const report = {
    name: 'reportar_falla',
    method: 'POST',
    url: 'https://api.rednova.test/tickets',
    slots: { description: {} },
    body: { description: '{{slots.description}}', conversation: '{{conversation.id}}' },
    reply: { success: 'isp.ticket_created' },
  };

  it('accepts a GET action that needs only the contact, with no collections by default', () => {
    expect(parseHttpActionsSettings({ actions: [list] }, where).collections).toEqual({});
    const settings = parseHttpActionsSettings(
      { actions: [list], collections: { tickets: { action: 'listar_tickets', items: 'tickets' } } },
      where,
    );
    expect(settings.collections).toEqual({ tickets: { action: 'listar_tickets', items: 'tickets' } });
  });

  it.each([
    [
      'an action that does not exist',
      { tickets: { action: 'listar' } },
      `${where}.collections.tickets.action: no action is named "listar" — use one of: listar_tickets, reportar_falla, or declare it under actions:`,
    ],
    [
      'an action that changes something',
      { tickets: { action: 'reportar_falla' } },
      `${where}.collections.tickets.action: action "reportar_falla" is a POST; a collection is only read — point it to a GET action`,
    ],
    [
      'an action with slots',
      { tickets: { action: 'reportar_falla' } },
      `${where}.collections.tickets.action: action "reportar_falla" has slots, which nothing fills when the collection is read — point it to an action without slots`,
    ],
    [
      'an action using the conversation',
      { tickets: { action: 'reportar_falla' } },
      `${where}.collections.tickets.action: action "reportar_falla" uses {{slots.description}}, {{conversation.id}}, which a collection read outside a conversation does not have — use only {{contact.phone}}, {{contact.name}}, {{tenant.id}}`,
    ],
    [
      'a name with capitals',
      { Tickets: { action: 'listar_tickets' } },
      `${where}.collections.Tickets: not a collection name — use lowercase letters, digits and "-", e.g. tickets`,
    ],
    [
      'an items path with spaces',
      { tickets: { action: 'listar_tickets', items: 'the tickets' } },
      `${where}.collections.tickets.items: not a field path — write the field names separated by dots, e.g. tickets`,
    ],
    [
      'a misspelt field',
      { tickets: { action: 'listar_tickets', item: 'tickets' } },
      `${where}.collections.tickets.item: unknown key`,
    ],
  ])('refuses %s, saying where and how to fix it', (_what, collections, expected) => {
    const problems = problemsOf({ actions: [list, report], collections });
    expect(
      problems.some((problem) => problem.startsWith(expected)),
      problems.join('\n'),
    ).toBe(true);
  });
});

describe('readCollection against a scripted server', () => {
  let server: FakeProvider;
  beforeEach(async () => {
    server = await startFakeProvider(() => ({
      status: 200,
      body: { tickets: [{ id: 'TK-1', status: 'abierto' }], total: 1 },
    }));
  });
  afterEach(() => server.close());

  it("sends the contact's phone in the URL and returns the list found at items", async () => {
    const items = await readCollection(
      listing(`${server.baseUrl}/tickets?phone={{contact.phone}}`, 'tickets'),
      'isp',
      contact,
    );
    expect(items).toEqual([{ id: 'TK-1', status: 'abierto' }]);
    const [request] = server.requests;
    expect(request!.method).toBe('GET');
    expect(request!.path).toBe('/tickets');
    expect(request!.query.get('phone')).toBe('573001234567');
    expect(request!.headers.authorization).toBe('Bearer secreto-del-entorno');
    expect(request!.headers['idempotency-key']).toBeUndefined();
  });

  it('takes the whole answer when it is the list', async () => {
    server.enqueue({ status: 200, body: [{ id: 'TK-2' }] });
    const items = await readCollection(listing(`${server.baseUrl}/tickets`), 'isp', contact);
    expect(items).toEqual([{ id: 'TK-2' }]);
  });

  it.each([
    ['no list at items', { tickets: 'none' }, 'tickets', 'field "tickets" is not a list of objects'],
    ['a list of numbers', [1, 2], undefined, 'the answer is not a list of objects'],
    ['an answer without the field', { total: 0 }, 'tickets', 'field "tickets" is not a list of objects'],
  ])('refuses %s as a bad response', async (_what, body, items, expected) => {
    server.enqueue({ status: 200, body });
    const error = await readCollection(listing(`${server.baseUrl}/tickets`, items), 'isp', contact).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(HttpActionError);
    expect((error as HttpActionError).kind).toBe('bad_response');
    expect((error as HttpActionError).message).toBe(
      `collection "tickets" (action "listar_tickets"): ${expected} — check the collection's items path against what the API returns`,
    );
  });

  it('reports a failing server as the action’s http_status error', async () => {
    server.enqueue({ status: 503, body: { error: 'down' } });
    const error = await readCollection(listing(`${server.baseUrl}/tickets`), 'isp', contact).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ kind: 'http_status', status: 503 });
    expect((error as Error).message).not.toContain('secreto');
  });
});
