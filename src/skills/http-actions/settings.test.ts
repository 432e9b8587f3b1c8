import { describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import { ispExampleFromDocs } from './__fixtures__/isp-actions.ts';
import { httpActionsSettingsSchema, parseHttpActionsSettings } from './settings.ts';

const valid = {
  name: 'reportar_falla',
  method: 'POST',
  url: 'https://api.rednova.test/tickets',
  headers: { Authorization: 'Bearer secreto-del-entorno' },
  slots: { kind: { values: ['lento', 'sin_servicio'] }, description: {} },
  body: { kind: '{{slots.kind}}', description: '{{slots.description}}', phone: '{{contact.phone}}' },
  response: { ticket: 'ticket.id' },
  reply: { success: 'isp.ticket_created' },
};

/** The error text for `actions: [action]`, one problem per line. */
function problemsOf(action: Record<string, unknown>): string[] {
  try {
    parseHttpActionsSettings({ actions: [action] }, 'tenants[0].skillSettings.http-actions');
  } catch (error) {
    expect(error).toBeInstanceOf(OrquestaError);
    expect((error as OrquestaError).code).toBe('invalid_config');
    return (error as OrquestaError).details as string[];
  }
  throw new Error('expected the settings to be refused');
}

describe('http-actions settings', () => {
  it('accepts the demo ISP actions of docs/skills/http-actions.md, filling the defaults', () => {
    const { reportFault, lookUpTicket } = ispExampleFromDocs({});
    expect(reportFault).toMatchObject({
      name: 'reportar_falla',
      intent: 'reportar_falla',
      method: 'POST',
      url: 'http://127.0.0.1:4010/tickets',
      headers: { Authorization: 'Bearer rednova-demo-token' },
      slots: {
        kind: { type: 'string', required: true, values: ['sin_servicio', 'lento', 'intermitente', 'otro'] },
        description: { type: 'string', required: true },
      },
      timeoutMs: 5000,
      retries: 2,
      response: { ticket: 'ticket.id', status: 'ticket.status' },
      reply: { success: 'isp.ticket_created', error: 'isp.ticket_failed', byStatus: {} },
    });
    expect(lookUpTicket).toMatchObject({
      method: 'GET',
      url: 'http://127.0.0.1:4010/tickets/{{slots.ticket}}',
      timeoutMs: 3000,
      retries: 2,
      reply: { byStatus: { '404': 'isp.ticket_not_found' } },
    });
    expect(lookUpTicket.body).toBeUndefined();
  });

  it('defaults what a minimal action leaves out', () => {
    const settings = httpActionsSettingsSchema.parse({
      actions: [{ name: 'ping', method: 'GET', url: 'https://api.test/ping', reply: { success: 'x.ok' } }],
    });
    expect(settings.actions[0]).toEqual({
      name: 'ping',
      method: 'GET',
      url: 'https://api.test/ping',
      headers: {},
      slots: {},
      timeoutMs: 5000,
      retries: 2,
      response: {},
      reply: { success: 'x.ok', error: 'http-actions.failed', byStatus: {} },
    });
  });

  it('accepts a timeout and retries written as text, as ${VAR} gives them', () => {
    const settings = httpActionsSettingsSchema.parse({
      actions: [{ ...valid, timeoutMs: '2500', retries: '0' }],
    });
    expect(settings.actions[0]).toMatchObject({ timeoutMs: 2500, retries: 0 });
  });

  const where = 'tenants[0].skillSettings.http-actions.actions[0]';
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'a placeholder in the host',
      { url: 'https://{{slots.kind}}.rednova.test/tickets' },
      `${where}.url: not an http(s) URL with a fixed host — write e.g. https://api.example.com/tickets/{{slots.ticket}}, with placeholders only after the host`,
    ],
    [
      'a URL that is not http(s)',
      { url: 'ftp://files.test/x' },
      `${where}.url: not an http(s) URL with a fixed host`,
    ],
    ['a relative URL', { url: '/tickets' }, `${where}.url: not an http(s) URL with a fixed host`],
    [
      'an undeclared slot',
      { body: { kind: '{{slots.kinds}}' } },
      `${where}.body: {{slots.kinds}} names no declared slot — add "kinds" under slots:, or fix the name`,
    ],
    [
      'an unknown value',
      { headers: { 'X-Customer': '{{contact.email}}' } },
      `${where}.headers.X-Customer: {{contact.email}} is not a known value — use {{slots.<name>}} or one of {{contact.phone}}, {{contact.name}}, {{conversation.id}}, {{tenant.id}}`,
    ],
    [
      'a GET with a body',
      { method: 'GET' },
      `${where}.body: a GET request has no body — remove body, or use POST`,
    ],
    [
      'an unknown method',
      { method: 'FETCH' },
      `${where}.method: "FETCH" is not allowed — use one of: GET, POST, PUT, PATCH, DELETE`,
    ],
    ['a timeout of zero', { timeoutMs: 0 }, `${where}.timeoutMs: too small — use at least 1`],
    ['too many retries', { retries: 9 }, `${where}.retries: too large — use at most 5`],
    [
      'a response path with spaces',
      { response: { ticket: 'ticket id' } },
      `${where}.response.ticket: not a field path — write the field names separated by dots, e.g. ticket.id`,
    ],
    [
      'a reply key without a group',
      { reply: { success: 'created' } },
      `${where}.reply.success: not a reply template key — write <group>.<name>, e.g. isp.ticket_created, and define it under templates:`,
    ],
    ['a misspelt field', { timeout: 100 }, `${where}.timeout: unknown key`],
    [
      'a pattern that does not compile',
      { slots: { kind: { pattern: '([a-z' } }, body: undefined },
      `${where}.slots.kind.pattern: not a valid regular expression — check its brackets and escapes`,
    ],
    [
      'values on a number slot',
      { slots: { kind: { type: 'number', values: ['1'] }, description: {} } },
      `${where}.slots.kind: values and pattern apply to text only — remove them, or make slot "kind" type: string`,
    ],
    [
      'a bad header name',
      { headers: { 'Bad Header': 'x' } },
      `${where}.headers.Bad Header: not a header name`,
    ],
    [
      'a status that is not one',
      { reply: { success: 'isp.ok', byStatus: { '4xx': 'isp.nope' } } },
      `${where}.reply.byStatus.4xx: not an HTTP status — use a number such as 404`,
    ],
    [
      'a slot name with capitals',
      { slots: { Kind: {} }, body: undefined },
      `${where}.slots.Kind: not a slot name — use lowercase letters, digits and "_", e.g. kind`,
    ],
  ];

  for (const [what, change, expected] of cases) {
    it(`refuses ${what}, saying where and how to fix it`, () => {
      const problems = problemsOf({ ...valid, ...change });
      expect(
        problems.some((problem) => problem.startsWith(expected)),
        problems.join('\n'),
      ).toBe(true);
    });
  }

  it('refuses two actions with one name', () => {
    expect(() => parseHttpActionsSettings({ actions: [valid, valid] }, 'http-actions')).toThrow(
      'http-actions.actions[1].name: action "reportar_falla" is declared twice — give each action its own name',
    );
  });

  it('refuses settings without actions', () => {
    expect(() => parseHttpActionsSettings({ actions: [] }, 'http-actions')).toThrow(
      'http-actions.actions: no actions — declare at least one under actions:',
    );
  });

  it('lists every problem at once and never echoes a value that may be a secret', () => {
    const problems = problemsOf({ ...valid, headers: { Authorization: 42 }, method: 'GET', timeoutMs: -1 });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toContain(`${where}.headers.Authorization: expected text, found a number`);
    expect(problems.join('\n')).not.toContain('42');
  });
});
