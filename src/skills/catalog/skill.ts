/**
 * The catalog skill's conversation (intents `buscar_auto`, `detalle_auto`): searches from the message,
 * pages of five with "ver más", a car's card from a tap, an ordinal, a name or "ese", and an honest "no
 * tenemos" with the closest cars. Built on the search, references and tools of this folder.
 */
import { OrquestaError } from '../../core/errors.ts';
import type { Skill, SkillDependencies, TurnContext } from '../skill.ts';
import type { ToolContext } from '../tool.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { filtersInUse } from './car-filters.ts';
import { tenantCatalog } from './catalog.ts';
import { sayCard, sayListing, sayWhich } from './catalog-replies.ts';
import { readCatalogState, rememberFocus, rememberListing } from './catalog-state.ts';
import { isMoreRequest } from './more-request.ts';
import { resolveCarReference } from './references.ts';
import { filtersFromMessage } from './search-filters.ts';
import { catalogTemplates } from './templates.ts';
import { createCatalogTools, type SearchCarsInput } from './tools.ts';

export const SEARCH_INTENT = 'buscar_auto';
export const DETAIL_INTENT = 'detalle_auto';

/** The catalog skill of a tenant whose `business.catalog` names its CSV (checked here, at start). */
export function createCatalogSkill(tenant: TenantConfig, dependencies: SkillDependencies): Skill {
  const catalog = tenantCatalog(tenant, dependencies.baseDir);
  const tools = createCatalogTools(catalog);
  const [searchCarsTool] = tools;

  const toolContext = (context: TurnContext): ToolContext => ({
    tenant: context.tenant,
    contactId: context.contact.id,
    now: context.now,
    conversationId: context.conversation.id,
    turnKey: context.turnKey,
    db: dependencies.db,
  });

  async function search(context: TurnContext, input: SearchCarsInput, transmission: boolean): Promise<void> {
    const listedBefore = input.cursor ? readCatalogState(context.state).listed : [];
    const page = await searchCarsTool.execute(searchCarsTool.input.parse(input), toolContext(context));
    if (page.cars.length === 0) return context.say('catalog.empty');
    const exact = page.relaxed.length === 0 && page.unknown.makes.length + page.unknown.models.length === 0;
    if (exact && page.total === 1 && !input.cursor) {
      const car = catalog.byStockId(page.cars[0]!.stockId)!;
      rememberListing(context.state, { stockIds: [car.stockId], nextCursor: null });
      sayCard(context, car);
      if (transmission) context.say('catalog.no_transmission');
      return;
    }
    // Pages add up, so that the numbers shown ("6. …") are what "el sexto" means.
    const stockIds = [...listedBefore, ...page.cars.map((car) => car.stockId)];
    rememberListing(context.state, { stockIds, nextCursor: page.nextCursor });
    sayListing(context, catalog, page, { transmission });
  }

  function showCar(context: TurnContext, stockId: string): void {
    rememberFocus(context.state, stockId);
    sayCard(context, catalog.byStockId(stockId)!);
  }

  async function showNextPage(context: TurnContext): Promise<void> {
    const state = readCatalogState(context.state);
    if (state.nextCursor) {
      try {
        return await search(context, { cursor: state.nextCursor }, false);
      } catch (error) {
        // A cursor written by another version of the search: start the listing over.
        if (!(error instanceof OrquestaError && error.code === 'invalid_request')) throw error;
      }
    }
    if (state.listed.length > 0) return context.say('catalog.no_more');
    return search(context, { filters: {} }, false);
  }

  /** Answers "el segundo", "el Corolla", "ese": the card, or which one, or a search when nothing is meant. */
  async function detail(context: TurnContext, searchWhenNoneMeant: boolean): Promise<void> {
    const reference = resolveCarReference(context.understanding, readCatalogState(context.state), catalog);
    switch (reference.kind) {
      case 'car':
        return showCar(context, reference.stockId);
      case 'ambiguous':
        sayWhich(context, catalog, reference.stockIds);
        return;
      case 'out_of_range':
        if (reference.listed === 0) return context.say('catalog.nothing_listed');
        return context.say('catalog.out_of_range', { listed: reference.listed });
      case 'none': {
        const { filters, unsupported } = messageFilters(context);
        if (searchWhenNoneMeant || filtersInUse(filters).length > 0)
          return search(context, { filters }, unsupported.length > 0);
        return context.say('catalog.ask_which');
      }
    }
  }

  function messageFilters(context: TurnContext) {
    return filtersFromMessage(context.understanding, { now: context.now, timezone: context.tenant.timezone });
  }

  return {
    name: 'catalog',
    intents: [SEARCH_INTENT, DETAIL_INTENT],
    templates: catalogTemplates,
    tools,
    mainOptions: [{ intent: SEARCH_INTENT, title: 'catalog.option_search' }],
    async handle(context) {
      if (context.buttonId && catalog.byStockId(context.buttonId)) return showCar(context, context.buttonId);
      if (isMoreRequest(context.text, context.buttonId)) return showNextPage(context);
      if (context.understanding.intent.name === DETAIL_INTENT) return detail(context, false);
      const { filters, unsupported } = messageFilters(context);
      const pointsAtListed = context.understanding.entities.some((entity) => entity.entity === 'ordinal');
      if (filtersInUse(filters).length === 0 && pointsAtListed) return detail(context, true);
      return search(context, { filters }, unsupported.length > 0);
    },
  };
}
