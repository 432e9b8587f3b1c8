import { describe, expect, it } from 'vitest';
import { adaptReply, splitText } from './adapt-reply.ts';

const WHATSAPP = {
  maxTextLength: 4096,
  buttons: { max: 3, titleMax: 20 },
  list: { maxRows: 10, titleMax: 24, buttonMax: 20 },
};
const TEXT_ONLY = { maxTextLength: 1600 };
const options = (count: number, title = (index: number) => `Opción ${index + 1}`) =>
  Array.from({ length: count }, (_, index) => ({ id: `o${index + 1}`, title: title(index) }));

describe('adaptReply', () => {
  it('keeps up to three short options as native buttons', () => {
    const adapted = adaptReply(
      { text: '¿Qué deseas?', buttons: options(3), listButton: 'Ver opciones' },
      WHATSAPP,
    );
    expect(adapted).toEqual({ messages: [{ text: '¿Qué deseas?', buttons: options(3) }] });
  });

  it("turns more options, or longer titles, into a native list with the reply's list button", () => {
    const many = adaptReply({ text: 'Elige', buttons: options(7), listButton: 'Ver opciones' }, WHATSAPP);
    expect(many.messages).toEqual([{ text: 'Elige', list: { button: 'Ver opciones', rows: options(7) } }]);
    const long = options(2, (index) => `Consultar mis citas ${index}`);
    expect(adaptReply({ text: 'Elige', buttons: long }, WHATSAPP).messages[0]).toHaveProperty('list');
  });

  it('falls back to a numbered menu that it remembers, when nothing native fits', () => {
    const eleven = options(11);
    const adapted = adaptReply({ text: 'Elige una', buttons: eleven }, WHATSAPP);
    expect(adapted.menu).toEqual(eleven);
    expect(adapted.messages).toHaveLength(1);
    expect(adapted.messages[0]!.text).toMatch(
      /^Elige una\n\n1\. Opción 1\n2\. Opción 2\n.*\n11\. Opción 11$/s,
    );
    expect(adaptReply({ text: 'Hola', buttons: options(1) }, TEXT_ONLY).messages[0]!.text).toBe(
      'Hola\n\n1. Opción 1',
    );
  });

  it('splits long text at the limit, attaching the buttons to the last piece', () => {
    const paragraph = 'Esta es una oración de prueba. '.repeat(200).trim();
    const adapted = adaptReply({ text: paragraph, buttons: options(2) }, WHATSAPP);
    expect(adapted.messages.length).toBe(2);
    expect(adapted.messages.every((message) => message.text.length <= 4096)).toBe(true);
    expect(adapted.messages[0]).not.toHaveProperty('buttons');
    expect(adapted.messages[1]!.buttons).toEqual(options(2));
    expect(adapted.messages.map((message) => message.text).join(' ')).toBe(paragraph);
  });
});

it("keeps the text that carries buttons within the channel's shorter interactive limit", () => {
  const text = 'Una oración corta de prueba. '.repeat(60).trim();
  const adapted = adaptReply({ text, buttons: options(2) }, { ...WHATSAPP, interactiveTextMax: 1024 });
  const last = adapted.messages.at(-1)!;
  expect(last.buttons).toEqual(options(2));
  expect(last.text.length).toBeLessThanOrEqual(1024);
  expect(adapted.messages.slice(0, -1).every((message) => !message.buttons)).toBe(true);
  expect(adapted.messages.map((message) => message.text).join(' ')).toBe(text);
});

describe('splitText', () => {
  it('prefers paragraph, then sentence, then word boundaries, and never loses text', () => {
    expect(splitText('uno dos tres', 100)).toEqual(['uno dos tres']);
    expect(splitText('Primer párrafo.\n\nSegundo párrafo largo.', 20)).toEqual([
      'Primer párrafo.',
      'Segundo párrafo',
      'largo.',
    ]);
    expect(splitText('Una frase larga. Otra más', 20)).toEqual(['Una frase larga.', 'Otra más']);
    const word = 'x'.repeat(25);
    expect(splitText(word, 10)).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']);
  });
});
