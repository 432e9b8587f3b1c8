import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { testConfig } from './support/test-config.ts';
import { startTestServer, type TestServer, type TestTurn } from './support/test-server.ts';

const MONDAY = '2026-11-23T09:00:00-05:00';

describe.each(DIALECTS)('profile skill on %s', (dialect) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start() {
    const config = testConfig([
      { id: 'clinica', name: 'Clínica Bella Piel', skills: ['smalltalk', 'profile'] },
    ]);
    server = await startTestServer({ dialect, config });
  }

  async function say(words: string, from = '573001234567'): Promise<TestTurn> {
    return server!.turn('clinica', { from: from, text: words, now: MONDAY });
  }

  async function contact(id: string) {
    return server!.db
      .selectFrom('contacts')
      .select(['name', 'email', 'phone'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  const replyOf = (turn: TestTurn) => turn.replies.map((reply) => reply.text).join('\n');

  it('re-asks an invalid email with a clear reply, and stores a valid one after confirmation', async () => {
    await start();
    const asked = await say('quiero cambiar mi correo');
    expect(asked.turn).toMatchObject({ intent: 'actualizar_perfil', skill: 'profile' });
    expect(replyOf(asked)).toBe('¿Cuál es tu correo electrónico?');

    const invalid = await say('ana@correo');
    expect(replyOf(invalid)).toBe(
      '«ana@correo» no es un correo válido. Escríbelo completo, por ejemplo «ana.perez@gmail.com».\n¿Cuál es tu correo electrónico?',
    );
    expect((await contact(invalid.contactId)).email).toBeNull();

    const confirm = await say('ana.perez@gmail.com');
    expect(replyOf(confirm)).toBe('¿Guardo tu correo como ana.perez@gmail.com?');
    expect((await contact(confirm.contactId)).email).toBeNull();

    const saved = await say('si');
    expect(replyOf(saved)).toBe('Listo, guardé tu correo ana.perez@gmail.com.');
    expect((await contact(saved.contactId)).email).toBe('ana.perez@gmail.com');
  });

  it('takes the address from the request itself', async () => {
    await start();
    const confirm = await say('mi correo es ana.perez@gmail.com');
    expect(replyOf(confirm)).toBe('¿Guardo tu correo como ana.perez@gmail.com?');
    const saved = await say('dale');
    expect((await contact(saved.contactId)).email).toBe('ana.perez@gmail.com');
  });

  it('asks which detail when the request does not say, then updates the name', async () => {
    await start();
    const asked = await say('actualizar mis datos');
    expect(replyOf(asked)).toBe('¿Qué dato quieres actualizar?');
    expect(asked.replies[0]!.buttons?.map((button) => button.id)).toEqual(['name', 'email', 'phone']);
    const name = await say('nombre');
    expect(replyOf(name)).toBe('¿Cómo quieres que te llamemos? Escribe tu nombre completo.');
    const invalid = await say('@@@');
    expect(replyOf(invalid)).toContain('Un nombre tiene de 2 a 80 letras');
    const confirm = await say('me llamo Carolina Pérez');
    expect(replyOf(confirm)).toBe('¿Guardo tu nombre como «Carolina Pérez»?');
    const saved = await say('si');
    expect(replyOf(saved)).toBe('Listo, Carolina Pérez, actualicé tu nombre.');
    expect((await contact(saved.contactId)).name).toBe('Carolina Pérez');
  });

  it('updates the phone, refusing one with too few digits', async () => {
    await start();
    const asked = await say('quiero actualizar mi numero de telefono');
    expect(replyOf(asked)).toBe('¿Cuál es tu número de teléfono?');
    const short = await say('12345');
    expect(replyOf(short)).toContain('«12345» no es un teléfono válido');
    const confirm = await say('300 555 1234');
    expect(replyOf(confirm)).toBe('¿Guardo tu teléfono como 3005551234?');
    const saved = await say('si');
    expect((await contact(saved.contactId)).phone).toBe('3005551234');
  });

  it('changes nothing when the customer says no', async () => {
    await start();
    await say('mi correo es ana.perez@gmail.com');
    const no = await say('no');
    expect(replyOf(no)).toBe('Listo, no cambié tus datos. ¿Te ayudo con algo más?');
    expect((await contact(no.contactId)).email).toBeNull();
  });
});
