import { describe, expect, it } from 'vitest';
import { readCatalogState, rememberFocus, rememberListing } from './catalog-state.ts';
import { resolveCarReference } from './references.ts';
import { demoCatalog, understand } from './testing.ts';

// Jetta 2019, Corolla 2021, Jetta 2023, Hilux 2015, Corolla 2020: as a listing would show them.
const LISTED = ['243601', '243001', '243635', '243254', '243016'];

function resolveIn(text: string, state: { listed?: string[]; focused?: string | null } = {}) {
  return resolveCarReference(
    understand(text),
    { listed: state.listed ?? LISTED, focused: state.focused ?? null, nextCursor: null },
    demoCatalog,
  );
}

describe('resolveCarReference', () => {
  it.each([
    ['dame detalles del segundo', '243001'],
    ['mas info del primero', '243601'],
    ['el ultimo que me mostraste', '243016'],
    ['el penultimo', '243254'],
  ])('finds a listed car by its position: %s', (text, stockId) => {
    expect(resolveIn(text)).toEqual({ kind: 'car', stockId });
  });

  it('says when a position is past the end of the list', () => {
    expect(resolveIn('quiero ver el sexto')).toEqual({ kind: 'out_of_range', position: 6, listed: 5 });
  });

  it('finds a listed car by model, and by model and year', () => {
    expect(resolveIn('info del hilux')).toEqual({ kind: 'car', stockId: '243254' });
    expect(resolveIn('el jetta 2023 cuanto cuesta')).toEqual({ kind: 'car', stockId: '243635' });
    expect(resolveIn('el de 2020')).toEqual({ kind: 'car', stockId: '243016' });
  });

  it('asks which when several listed cars fit', () => {
    expect(resolveIn('cuentame del corolla')).toEqual({ kind: 'ambiguous', stockIds: ['243001', '243016'] });
  });

  it('looks in the whole catalog for a car named but not listed', () => {
    expect(resolveIn('como esta el nissan kicks que tienen', { listed: [] })).toEqual({
      kind: 'ambiguous',
      stockIds: demoCatalog.cars.filter((car) => car.model === 'Kicks').map((car) => car.stockId),
    });
    expect(resolveIn('el tiguan 2022')).toEqual({ kind: 'car', stockId: '243715' });
  });

  it('finds the cheapest or newest of the list', () => {
    expect(resolveIn('el mas barato')).toEqual({ kind: 'car', stockId: '243601' });
    expect(resolveIn('el más nuevo')).toEqual({ kind: 'car', stockId: '243635' });
  });

  it('takes a stock id written in the message', () => {
    expect(resolveIn('detalles del auto 245249')).toEqual({ kind: 'car', stockId: '245249' });
  });

  it('reads "ese" as the car in focus, or asks which when a list is open and none is', () => {
    expect(resolveIn('ese tiene bluetooth?', { focused: '243635' })).toEqual({
      kind: 'car',
      stockId: '243635',
    });
    expect(resolveIn('ese tiene bluetooth?')).toEqual({ kind: 'ambiguous', stockIds: LISTED });
    expect(resolveIn('ese', { listed: ['243001'] })).toEqual({ kind: 'car', stockId: '243001' });
  });

  it('finds nothing when nothing was listed or focused', () => {
    expect(resolveIn('cuantos km tiene', { listed: [] })).toEqual({ kind: 'none' });
  });
});

describe('catalog state', () => {
  it('remembers the listed cars and the cursor, and a single listed car as the focus', () => {
    const state = {};
    rememberListing(state, { stockIds: LISTED, nextCursor: 'c1' });
    expect(readCatalogState(state)).toEqual({ listed: LISTED, focused: null, nextCursor: 'c1' });
    rememberFocus(state, '243001');
    expect(readCatalogState(state).focused).toBe('243001');
    rememberListing(state, { stockIds: ['243254'], nextCursor: null });
    expect(readCatalogState(state)).toEqual({ listed: ['243254'], focused: '243254', nextCursor: null });
  });

  it('reads state it cannot understand as nothing listed', () => {
    expect(readCatalogState({ catalog: 'roto' })).toEqual({ listed: [], focused: null, nextCursor: null });
  });
});
