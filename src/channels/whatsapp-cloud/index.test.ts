import { describe, expect, it } from 'vitest';
import { adaptReply } from '../../pipeline/adapt-reply.ts';
import { WHATSAPP_CAPABILITIES } from './index.ts';
import { contentMessage } from './outbound-message.ts';

const options = (count: number, title = (index: number) => `Opción ${index + 1}`) =>
  Array.from({ length: count }, (_, index) => ({ id: `op${index + 1}`, title: title(index) }));

describe("replies fitted to WhatsApp's capabilities", () => {
  const long = `${'Tenemos varias sedes y horarios para ti. '.repeat(60)}¿Qué prefieres?`;

  it.each([
    ['3 short options: reply buttons', options(3), 'button'],
    ['7 options: a list', options(7), 'list'],
    ['a title longer than 20 characters: a list', options(2, () => 'Limpieza facial profunda'), 'list'],
  ])("%s, within Meta's limits", (_case, buttons, type) => {
    const adapted = adaptReply({ text: long, buttons, listButton: 'Ver opciones' }, WHATSAPP_CAPABILITIES);
    const last = adapted.messages.at(-1)!;
    const body = contentMessage('573001234567', last) as {
      interactive: { type: string; body: { text: string } };
    };
    expect(body.interactive.type).toBe(type);
    expect(body.interactive.body.text.length).toBeLessThanOrEqual(1024);
    expect(adapted.messages.every((message) => message.text.length <= 4096)).toBe(true);
    expect(adapted.messages.slice(0, -1).every((message) => !message.buttons && !message.list)).toBe(true);
  });

  it('offers more than 10 options as a numbered menu in plain text', () => {
    const adapted = adaptReply({ text: 'Elige', buttons: options(12) }, WHATSAPP_CAPABILITIES);
    expect(adapted.menu).toHaveLength(12);
    expect(contentMessage('573001234567', adapted.messages[0]!)).toMatchObject({ type: 'text' });
  });
});
