import { describe, expect, it } from 'vitest';
import { isCancel, yesOrNo } from './answers.ts';

describe('yesOrNo', () => {
  it('understands yes in Spanish and English, with courtesy words and accents or without', () => {
    for (const text of ['sí', 'si', 'Sí, por favor', 'dale', 'ok', 'listo', 'confirmo', 'yes', 'sure'])
      expect(yesOrNo(text), text).toBe('yes');
  });

  it('understands no, and leaving, as no', () => {
    for (const text of ['no', 'No.', 'no gracias', 'mejor no', 'nope', 'cancelar'])
      expect(yesOrNo(text), text).toBe('no');
  });

  it('does not read a sentence that merely starts with yes or no', () => {
    for (const text of ['no tengo correo', 'si es posible mañana', 'ok pero a las 4', 'mañana'])
      expect(yesOrNo(text), text).toBeNull();
  });
});

describe('isCancel', () => {
  it('recognises the ways to leave a flow', () => {
    for (const text of ['cancelar', 'Olvídalo', 'mejor no', 'ya no', 'no, olvídalo gracias', 'forget it'])
      expect(isCancel(text), text).toBe(true);
  });

  it('does not take a request to cancel something as leaving the flow', () => {
    for (const text of ['quiero cancelar mi cita', 'no', 'sí']) expect(isCancel(text), text).toBe(false);
  });
});
