/**
 * The financing skill's conversation (intent `financiamiento`): monthly payments for the car in the
 * conversation, one plan when the customer gives a down payment and a term, the table of options when
 * not; it asks which car when none is in focus. Conditions come from `skillSettings.financing`.
 */
import type { Skill, SkillDependencies, TurnContext } from '../skill.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { readCatalogState, rememberFocus } from '../catalog/catalog-state.ts';
import { tenantCatalog } from '../catalog/catalog.ts';
import { resolveCarReference } from '../catalog/references.ts';
import { startFlow } from '../../dialogue/flow-runner.ts';
import { createCarChoiceFlow } from './car-choice-flow.ts';
import { sayOptions, sayProblems, sayQuote } from './financing-replies.ts';
import {
  checkFinancingRequest,
  financingRequestFromMessage,
  type FinancingProblem,
  type FinancingRequest,
} from './financing-request.ts';
import { financingSettings } from './financing-settings.ts';
import { financingTemplates } from './templates.ts';
import { createFinancingTools, type QuoteFinancingInput } from './tools.ts';

export const FINANCING_INTENT = 'financiamiento';

/** The financing skill; needs the tenant's `business.catalog` and checks `skillSettings.financing` at start. */
export function createFinancingSkill(tenant: TenantConfig, dependencies: SkillDependencies): Skill {
  const settings = financingSettings(tenant);
  const catalog = tenantCatalog(tenant, dependencies.baseDir);
  const [quoteFinancing] = createFinancingTools(catalog);

  /** Quotes the car: the problems of the request first, then the plan or the options that remain. */
  async function finance(context: TurnContext, stockId: string, request: FinancingRequest): Promise<void> {
    rememberFocus(context.state, stockId);
    const car = catalog.byStockId(stockId)!;
    const checked = checkFinancingRequest(request, car.price, settings);
    let usable = request;
    if (!checked.ok) {
      sayProblems(context, checked.problems);
      if (checked.problems.some((problem) => problem.code === 'down_payment_not_below_price')) return;
      usable = withoutRejected(request, checked.problems);
    }
    const output = await quoteFinancing.execute(toolInput(stockId, usable), {
      tenant: context.tenant,
      contactId: context.contact.id,
      now: context.now,
      conversationId: context.conversation.id,
      turnKey: context.turnKey,
      db: dependencies.db,
    });
    if (output.kind === 'quote') sayQuote(context, output.car, output.quote);
    else sayOptions(context, output.car, output.table);
  }

  const chooseCar = createCarChoiceFlow(catalog, finance);

  return {
    name: 'financing',
    intents: [FINANCING_INTENT],
    templates: financingTemplates,
    flows: [chooseCar],
    tools: [quoteFinancing],
    mainOptions: [{ intent: FINANCING_INTENT, title: 'financing.option_quote' }],
    async handle(context) {
      const request = financingRequestFromMessage(context.understanding);
      const reference =
        context.buttonId && catalog.byStockId(context.buttonId)
          ? { kind: 'car' as const, stockId: context.buttonId }
          : resolveCarReference(context.understanding, readCatalogState(context.state), catalog);
      if (reference.kind === 'car') return finance(context, reference.stockId, request);
      await startFlow(context, chooseCar, { request: { ...request } });
    },
  };
}

function withoutRejected(request: FinancingRequest, problems: readonly FinancingProblem[]): FinancingRequest {
  const usable = { ...request };
  for (const problem of problems) {
    if (problem.code === 'term_not_offered') delete usable.termMonths;
    if (problem.code === 'down_payment_below_minimum') delete usable.downPayment;
  }
  return usable;
}

function toolInput(stockId: string, request: FinancingRequest): QuoteFinancingInput {
  const input: QuoteFinancingInput = { stockId };
  if (request.termMonths !== undefined) input.termMonths = request.termMonths;
  if (request.downPayment && 'amount' in request.downPayment)
    input.downPaymentAmount = Math.round(request.downPayment.amount);
  if (request.downPayment && 'percent' in request.downPayment)
    input.downPaymentPercent = request.downPayment.percent;
  return input;
}
