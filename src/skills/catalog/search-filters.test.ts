import { describe, expect, it } from 'vitest';
import { filtersFromMessage } from './search-filters.ts';
import { DEMO_CONTEXT, understand } from './testing.ts';

const read = (text: string) => filtersFromMessage(understand(text), DEMO_CONTEXT);

describe('filtersFromMessage', () => {
  it.each([
    ['busco un nisan march', { makes: ['Nissan'], models: ['March'] }],
    ['tienen jeta 2019', { models: ['Jetta'], yearMin: 2019, yearMax: 2019 }],
    ['busco algo de lujo, bmw o audi', { makes: ['BMW', 'Audi'] }],
    ['hay cx5?', { models: ['CX-5'] }],
    ['una camioneta', { bodyTypes: ['suv'] }],
    ['tienen sedanes?', { bodyTypes: ['sedan'] }],
    ['ocupo una troca', { bodyTypes: ['pickup'] }],
    ['quiero una SUV', { bodyTypes: ['suv'] }],
  ])('reads makes, models and body types: %s', (text, filters) => {
    expect(read(text).filters).toEqual(filters);
  });

  it.each([
    ['tienen toyota corola del 2020 para arriba?', { makes: ['Toyota'], models: ['Corolla'], yearMin: 2020 }],
    ['del 2018 en adelante', { yearMin: 2018 }],
    ['autos 2021 o mas nuevos', { yearMin: 2021 }],
    ['desde 2019', { yearMin: 2019 }],
    ['hasta 2017', { yearMax: 2017 }],
    ['antes del 2018', { yearMax: 2017 }],
    ['de 2017 a 2019', { yearMin: 2017, yearMax: 2019 }],
    ['carros del 2022', { yearMin: 2022, yearMax: 2022 }],
  ])('reads model years: %s', (text, filters) => {
    expect(read(text).filters).toEqual(filters);
  });

  it.each([
    ['tienen algo de menos de 200 mil?', { priceMax: 200000 }],
    ['menos de 400 mil', { priceMax: 400000 }],
    ['hasta 300,000', { priceMax: 300000 }],
    ['algo menor a 250 mil', { priceMax: 250000 }],
    ['mas de 150 mil pesos', { priceMin: 150000 }],
    ['tienen algo entre 250 y 350 mil?', { priceMin: 250000, priceMax: 350000 }],
    ['una camioneta para la familia de unos 400 mil', { bodyTypes: ['suv'], priceAround: 400000 }],
    ['un auto de 300 mil', { priceMax: 300000 }],
  ])('reads prices, a bare one being a budget: %s', (text, filters) => {
    expect(read(text).filters).toEqual(filters);
  });

  it.each([
    ['algo con menos de 50 mil km', { kmMax: 50000 }],
    ['busco sentra o versa que no pase de 100 mil km', { models: ['Sentra', 'Versa'], kmMax: 100000 }],
    ['kilometraje menor a 30 mil', { kmMax: 30000 }],
    ['menos de 300 mil y con menos de 80 mil kilometros', { priceMax: 300000, kmMax: 80000 }],
  ])('reads kilometres apart from prices: %s', (text, filters) => {
    expect(read(text).filters).toEqual(filters);
  });

  it.each([
    ['tienen autos con carplay?', { carPlay: true }],
    ['busco un carro con bluetooth', { bluetooth: true }],
    ['con car play y bluetooth', { carPlay: true, bluetooth: true }],
    ['aunque sea sin carplay', {}],
  ])('reads features: %s', (text, filters) => {
    expect(read(text).filters).toEqual(filters);
  });

  it('says that the catalog cannot tell the transmission instead of ignoring it silently', () => {
    expect(read('busco un sedan automatico')).toEqual({
      filters: { bodyTypes: ['sedan'] },
      unsupported: ['transmission'],
    });
    expect(read('busco un sedan').unsupported).toEqual([]);
  });

  it('gives no filters for a message that names none', () => {
    expect(read('quiero ver el catalogo')).toEqual({ filters: {}, unsupported: [] });
  });
});
