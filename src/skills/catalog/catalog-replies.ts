/** The catalog's replies: a page of results with its buttons, a car's card, and "which one?". */
import type { Button } from '../../core/messages.ts';
import type { TurnContext } from '../skill.ts';
import { rememberListing } from './catalog-state.ts';
import { carCard, carListItem, carTitle } from './card.ts';
import type { Car, Catalog } from './catalog.ts';
import { MORE_BUTTON } from './more-request.ts';
import type { SearchCarsOutput } from './tools.ts';

/** WhatsApp list rows hold 24 characters; a longer title would turn the list into a numbered menu. */
const ROW_TITLE_MAX = 24;

/** A button that opens the car's card: its id is the stock id. */
export function carButton(car: Car): Button {
  const full = carTitle(car);
  const short = `${car.model} ${car.year}`;
  const title = full.length <= ROW_TITLE_MAX ? full : short.slice(0, ROW_TITLE_MAX);
  return { id: car.stockId, title };
}

/**
 * Says one page of search results: why these cars (exact, relaxed, not in stock), numbered lines, how
 * to go on, and the cars as buttons with "Ver más" when there are more.
 */
export function sayListing(
  context: TurnContext,
  catalog: Catalog,
  page: SearchCarsOutput,
  notes: { transmission: boolean },
): void {
  const cars = page.cars.map((listed) => catalog.byStockId(listed.stockId)!);
  const first = page.cars[0]?.position ?? 1;
  const last = first + cars.length - 1;
  const lines = cars.map((car, index) =>
    context.render('catalog.list_item', carListItem(car, first + index, context)),
  );
  const buttons = cars.map(carButton);
  if (page.nextCursor) buttons.push({ id: MORE_BUTTON, title: context.render('catalog.button_more') });
  context.say(
    'catalog.results',
    {
      header: header(context, page, first, last),
      list: lines.join('\n'),
      footer: page.nextCursor
        ? context.render('catalog.footer_more', { remaining: Math.min(5, page.total - last) })
        : context.render('catalog.footer'),
    },
    buttons,
  );
  if (notes.transmission) context.say('catalog.no_transmission');
}

function header(context: TurnContext, page: SearchCarsOutput, first: number, last: number): string {
  if (first > 1) return context.render('catalog.page', { from: first, to: last, total: page.total });
  const unknown = [...page.unknown.makes, ...page.unknown.models];
  if (unknown.length > 0) return context.render('catalog.not_in_stock', { names: list(context, unknown) });
  if (page.relaxed.length > 0) {
    const relaxed = page.relaxed.map((name) => context.render(`catalog.relaxed.${name}`));
    return context.render('catalog.no_exact', { relaxed: list(context, relaxed) });
  }
  return context.render('catalog.found', { total: page.total });
}

/** "el precio y el año", "the price and the year". */
function list(context: TurnContext, items: string[]): string {
  return new Intl.ListFormat(context.locale, { type: 'conjunction' }).format(items);
}

/** Says a car's card, offering its monthly payments when the tenant has the financing skill. */
export function sayCard(context: TurnContext, car: Car): void {
  const buttons: Button[] = context.tenant.skills.includes('financing')
    ? [{ id: 'financiamiento', title: context.render('catalog.button_financing') }]
    : [];
  context.say('catalog.card', carCard(car, context), buttons);
}

/**
 * "¿Cuál de estos?" with the candidates numbered and as buttons (at most ten, as a list holds). They
 * become the listing, so "el segundo" answers it. Returns the stock ids shown.
 */
export function sayWhich(context: TurnContext, catalog: Catalog, stockIds: readonly string[]): string[] {
  const cars = stockIds
    .map((stockId) => catalog.byStockId(stockId))
    .filter((car): car is Car => car !== undefined)
    .slice(0, 10);
  const lines = cars.map((car, index) =>
    context.render('catalog.list_item', carListItem(car, index + 1, context)),
  );
  context.say('catalog.which', { list: lines.join('\n') }, cars.map(carButton));
  const shown = cars.map((car) => car.stockId);
  rememberListing(context.state, { stockIds: shown, nextCursor: null });
  return shown;
}
