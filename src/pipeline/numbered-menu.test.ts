import { describe, expect, it } from 'vitest';
import { MENU_STATE_KEY, answerFromMenu } from './numbered-menu.ts';

const state = {
  [MENU_STATE_KEY]: [
    { id: 'agendar', title: 'Agendar cita' },
    { id: 'precios', title: 'Ver precios' },
  ],
};
const text = (value: string) => ({ text: value, kind: 'text', payload: '{}' });

describe('answerFromMenu', () => {
  it('reads a number of the last menu as that option', () => {
    for (const answer of ['2', ' 2 ', '2.', '2)', 'opción 2', 'Opcion 2', '#2']) {
      expect(answerFromMenu(text(answer), state)).toEqual({ text: 'Ver precios', buttonId: 'precios' });
    }
  });

  it('leaves anything else alone', () => {
    expect(answerFromMenu(text('3'), state)).toBeUndefined();
    expect(answerFromMenu(text('0'), state)).toBeUndefined();
    expect(answerFromMenu(text('quiero 2 citas'), state)).toBeUndefined();
    expect(answerFromMenu(text('2'), {})).toBeUndefined();
    expect(answerFromMenu({ ...text('2'), kind: 'media' }, state)).toBeUndefined();
  });
});
