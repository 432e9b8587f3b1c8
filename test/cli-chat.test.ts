import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/storage/database.ts';
import { DIALECTS, createTestDatabase, type TestDatabase } from './support/databases.ts';

const BIN = resolve(import.meta.dirname, '../bin/orquesta.js');

function runChat(
  databaseUrl: string,
  input: string,
  /** Written once stdout shows the first line of `answer`'s (the menu it answers), then stdin is closed. */
  answer?: (stdout: string) => string | undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, 'chat', '--tenant', 'clinica', '--name', 'Ana', '--database', databaseUrl],
      {
        env: { ...process.env, ORQUESTA_DEBOUNCE_MS: '0', LOG_LEVEL: 'error' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let answered = !answer;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = answered ? undefined : answer?.(stdout);
      if (line === undefined) return;
      answered = true;
      child.stdin.end(line);
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    if (answer) child.stdin.write(input);
    else child.stdin.end(input);
  });
}

describe.each(DIALECTS)('orquesta chat on %s', (dialect) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
  });

  it('holds a conversation in the terminal through the console connection and the pipeline', async () => {
    database = await createTestDatabase(dialect);
    // The fallback's menu lists the tenant's main options first; "Ver opciones" is chosen by its number.
    const result = await runChat(database.url, 'hola\nno entiendo nada de esto xyz\n', (stdout) => {
      const number = /^ {2}(\d+)\) Ver opciones$/m.exec(stdout)?.[1];
      return number ? `${number}\nchao\n` : undefined;
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      'Clínica Bella Piel: ¡Hola, Ana! Soy el asistente virtual de Clínica Bella Piel. ¿En qué te puedo ayudar?',
    );
    expect(lines.some((line) => /^ {2}\d+\) Ver opciones$/.test(line))).toBe(true);
    expect(result.stdout).toContain('Esto es lo que puedo hacer por ti en Clínica Bella Piel');
    expect(lines).toContain(
      'Clínica Bella Piel: ¡Gracias por escribirnos! Aquí estaremos cuando nos necesites.',
    );

    // The conversation is stored like any channel's: four inbound messages, four turns, all replies sent.
    const { db, close } = createDatabase(database.url);
    try {
      const inbound = await db
        .selectFrom('messages')
        .select(['connection_id', 'text'])
        .where('direction', '=', 'in')
        .orderBy('id')
        .execute();
      expect(inbound.map((message) => message.text)).toEqual([
        'hola',
        'no entiendo nada de esto xyz',
        'Ver opciones',
        'chao',
      ]);
      expect(new Set(inbound.map((message) => message.connection_id))).toEqual(new Set(['console']));
      const outbound = await db
        .selectFrom('messages')
        .select('status')
        .where('direction', '=', 'out')
        .execute();
      expect(outbound.length).toBe(4);
      const turns = await db
        .selectFrom('messages')
        .innerJoin('turns', 'turns.id', 'messages.turn_id')
        .select('turns.intent')
        .where('messages.direction', '=', 'in')
        .orderBy('messages.id')
        .execute();
      expect(turns.map((turn) => turn.intent)).toEqual(['saludo', null, 'ayuda', 'despedida']);
    } finally {
      await close();
    }
  });
});
