import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../dialogue/format.ts';
import { createTemplateRenderer } from '../../dialogue/templates.ts';
import type { Locale } from '../skill.ts';
import { carCard, carListItem } from './card.ts';
import { catalogTemplates } from './templates.ts';
import { autosTenant, demoCatalog } from './testing.ts';

function format(locale: Locale) {
  const tenant = autosTenant();
  const render = createTemplateRenderer(tenant, [{ templates: catalogTemplates }]);
  return {
    tenant,
    locale,
    render: (key: string, variables?: Record<string, string | number>) => render(locale, key, variables),
  };
}

describe('carCard', () => {
  it('gives a car’s detail as the variables of the card template, money as customers read it', () => {
    const card = carCard(demoCatalog.byStockId('243001')!, format('es'));
    expect(card).toEqual({
      stockId: '243001',
      title: 'Toyota Corolla 2021',
      version: '1.8 LE CVT',
      year: '2021',
      price: '$371,000',
      km: '42,600 km',
      bodyType: 'sedán',
      bluetooth: 'Sí',
      carPlay: 'Sí',
      dimensions: '4.76 × 1.84 × 1.46 m',
    });
    expect(format('es').render('catalog.card', card)).toContain('Precio: $371,000\nKilometraje: 42,600 km');
  });

  it('writes labels in the turn’s language and does not repeat a make the model already names', () => {
    const card = carCard(
      demoCatalog.cars.find((car) => car.model === 'Mazda 3' && !car.carPlay)!,
      format('en'),
    );
    expect(card.title).toMatch(/^Mazda 3 \d{4}$/);
    expect(card.carPlay).toBe('No');
    expect(card.bodyType).toBe('hatchback');
  });

  it('numbers list lines from one', () => {
    expect(carListItem(demoCatalog.byStockId('243254')!, 2, format('es'))).toEqual({
      position: '2',
      stockId: '243254',
      title: 'Toyota Hilux 2015',
      price: '$339,000',
      km: '125,000 km',
    });
  });

  it('writes prices as the tenant’s customers read them: MXN in Mexico, COP in Colombia', () => {
    const car = demoCatalog.byStockId('243001')!;
    expect(carCard(car, format('es')).price).toBe('$371,000');
    expect(formatMoney(car.price, { tenant: autosTenant({ currency: 'COP' }), locale: 'es' })).toBe(
      '$371.000',
    );
  });

  it('has every template in both Spanish and English', () => {
    expect(Object.keys(catalogTemplates.en).sort()).toEqual(Object.keys(catalogTemplates.es).sort());
  });
});
