/**
 * The flow that asks which car to finance when the conversation has none in focus. It keeps what the
 * customer already said of the down payment and term (slot `request`, given when it starts) and takes
 * the car from a tap on a listed car, "el segundo", "el Corolla 2021" or a stock id.
 */
import type { Button } from '../../core/messages.ts';
import type { JsonValue } from '../../core/json.ts';
import type { Flow } from '../../dialogue/flow.ts';
import type { TurnContext } from '../skill.ts';
import { carButton } from '../catalog/catalog-replies.ts';
import { readCatalogState, rememberListing } from '../catalog/catalog-state.ts';
import { carListItem } from '../catalog/card.ts';
import type { Car, Catalog } from '../catalog/catalog.ts';
import { resolveCarReference } from '../catalog/references.ts';
import type { FinancingRequest } from './financing-request.ts';

/** What the `car` slot reads when the message names several cars: the flow asks which, offering them. */
interface AmbiguousCar {
  ambiguous: string[];
}

/** The most options a list holds. */
const OPTIONS_MAX = 10;

export function createCarChoiceFlow(
  catalog: Catalog,
  finance: (context: TurnContext, stockId: string, request: FinancingRequest) => Promise<void>,
): Flow {
  const referenceIn = (context: TurnContext) =>
    resolveCarReference(context.understanding, readCatalogState(context.state), catalog);

  const buttonsFor = (stockIds: readonly string[]): Button[] =>
    stockIds
      .map((stockId) => catalog.byStockId(stockId))
      .filter((car): car is Car => car !== undefined)
      .slice(0, OPTIONS_MAX)
      .map(carButton);

  return {
    name: 'choose_car',
    title: 'financing.flow_title',
    slots: [
      // Given by `startFlow`, never asked.
      { name: 'request', type: 'text', prompt: 'financing.ask_car' },
      {
        name: 'car',
        type: 'lookup',
        prompt: 'financing.ask_car',
        extract(context): JsonValue | undefined {
          if (context.buttonId && catalog.byStockId(context.buttonId)) return context.buttonId;
          const reference = referenceIn(context);
          if (reference.kind === 'car') return reference.stockId;
          if (reference.kind === 'ambiguous') return { ambiguous: reference.stockIds } satisfies AmbiguousCar;
          return undefined;
        },
        validate(value, context) {
          if (typeof value === 'string') return null;
          // The candidates become the listing, so that "el segundo" answers the question.
          const stockIds = buttonsFor((value as unknown as AmbiguousCar).ambiguous).map(
            (button) => button.id,
          );
          rememberListing(context.state, { stockIds, nextCursor: null });
          const lines = stockIds.map((stockId, index) =>
            context.render('catalog.list_item', carListItem(catalog.byStockId(stockId)!, index + 1, context)),
          );
          return { template: 'financing.which_car', variables: { list: lines.join('\n') } };
        },
        options(context) {
          const reference = referenceIn(context);
          if (reference.kind === 'ambiguous') return buttonsFor(reference.stockIds);
          return buttonsFor(readCatalogState(context.state).listed);
        },
      },
    ],
    async complete(context, slots) {
      await finance(context, String(slots.car), (slots.request ?? {}) as FinancingRequest);
    },
  };
}
