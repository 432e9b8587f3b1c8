/** One car as the variables of the `catalog.card` and `catalog.list_item` templates. */
import { formatMoney, intlLocale, type FormatOptions } from '../../dialogue/format.ts';
import type { Car } from './catalog.ts';

/** The tenant, the turn's locale and its template renderer: a `TurnContext` fits. */
export interface CardFormat extends FormatOptions {
  /** Renders a template of the turn's locale (`TurnContext.render`). */
  render(key: string, variables?: Record<string, string | number>): string;
}

export type CardVariables = Record<string, string>;

/** "Toyota Corolla 2021": how a car is named in lists, cards and questions. */
export function carTitle(car: Car): string {
  const model = car.model.startsWith(car.make) ? car.model : `${car.make} ${car.model}`;
  return `${model} ${car.year}`;
}

/** The detail card's variables: title, version, price, km, bodyType, bluetooth, carPlay, dimensions, stockId. */
export function carCard(car: Car, format: CardFormat): CardVariables {
  const decimals = new Intl.NumberFormat(intlLocale(format), {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const yesNo = (value: boolean) => format.render(value ? 'catalog.yes' : 'catalog.no');
  return {
    stockId: car.stockId,
    title: carTitle(car),
    version: car.version,
    year: String(car.year),
    price: formatMoney(car.price, format),
    km: kilometres(car, format),
    bodyType: format.render(`catalog.body_type.${car.bodyType ?? 'unknown'}`),
    bluetooth: yesNo(car.bluetooth),
    carPlay: yesNo(car.carPlay),
    dimensions: format.render('catalog.dimensions', {
      length: decimals.format(car.dimensions.length),
      width: decimals.format(car.dimensions.width),
      height: decimals.format(car.dimensions.height),
    }),
  };
}

/** One line of a listing, numbered from 1 as customers refer to it ("el segundo"). */
export function carListItem(car: Car, position: number, format: CardFormat): CardVariables {
  return {
    position: String(position),
    stockId: car.stockId,
    title: carTitle(car),
    price: formatMoney(car.price, format),
    km: kilometres(car, format),
  };
}

function kilometres(car: Car, format: CardFormat): string {
  const whole = new Intl.NumberFormat(intlLocale(format), { maximumFractionDigits: 0 });
  return format.render('catalog.km', { km: whole.format(car.km) });
}
