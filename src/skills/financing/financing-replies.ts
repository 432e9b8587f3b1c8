/** The financing skill's replies: one plan, the table of options, and why a request cannot be met. */
import { formatMoney, intlLocale } from '../../dialogue/format.ts';
import type { TurnContext } from '../skill.ts';
import type { CarFacts } from '../catalog/tools.ts';
import type { Quote } from './amortization.ts';
import { describeProblem, type FinancingProblem } from './financing-request.ts';
import type { OptionsTable } from './options-table.ts';

/** A rate or a percentage as the turn's locale writes it: 10, 12.5. */
function percent(value: number, context: TurnContext): string {
  return new Intl.NumberFormat(intlLocale(context), { maximumFractionDigits: 2 }).format(value);
}

function sayWithDisclaimer(context: TurnContext, body: string): void {
  context.say('financing.reply', { body, disclaimer: context.render('financing.disclaimer') });
}

export function sayQuote(context: TurnContext, car: CarFacts, plan: Quote): void {
  const money = (amount: number) => formatMoney(amount, context);
  const body = context.render('financing.quote', {
    title: car.title,
    years: percent(plan.months / 12, context),
    months: plan.months,
    price: money(plan.price),
    downPayment: money(plan.downPayment),
    financed: money(plan.financed),
    monthlyPayment: money(plan.monthlyPayment),
    rate: percent(plan.annualRatePercent, context),
  });
  sayWithDisclaimer(context, body);
}

export function sayOptions(context: TurnContext, car: CarFacts, table: OptionsTable): void {
  const money = (amount: number) => formatMoney(amount, context);
  const header = context.render('financing.table_header', {
    title: car.title,
    price: money(table.price),
    rate: percent(table.annualRatePercent, context),
  });
  const rows = table.rows.map((row) => {
    const payments = row.payments
      .map((payment) =>
        context.render('financing.table_payment', {
          years: percent(payment.months / 12, context),
          monthlyPayment: money(payment.monthlyPayment),
        }),
      )
      .join(' · ');
    return row.downPaymentPercent === null
      ? context.render('financing.table_row_amount', { downPayment: money(row.downPayment), payments })
      : context.render('financing.table_row', {
          downPaymentPercent: percent(row.downPaymentPercent, context),
          downPayment: money(row.downPayment),
          payments,
        });
  });
  sayWithDisclaimer(
    context,
    [header, ...rows].join('\n') +
      (table.rows.length > 1 ? `\n\n${context.render('financing.table_footer')}` : ''),
  );
}

export function sayProblems(context: TurnContext, problems: readonly FinancingProblem[]): void {
  const money = (amount: number) => formatMoney(amount, context);
  for (const problem of problems) {
    const { key, variables } = describeProblem(problem, money);
    context.say(key, variables);
  }
}
