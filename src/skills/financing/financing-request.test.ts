import { describe, expect, it } from 'vitest';
import { createTemplateRenderer } from '../../dialogue/templates.ts';
import { formatMoney } from '../../dialogue/format.ts';
import { autosTenant, understand } from '../catalog/testing.ts';
import { checkFinancingRequest, describeProblem, financingRequestFromMessage } from './financing-request.ts';
import { financingSettings } from './financing-settings.ts';
import { financingTemplates } from './templates.ts';

const settings = financingSettings(autosTenant());
const read = (text: string) => financingRequestFromMessage(understand(text));

describe('financingRequestFromMessage', () => {
  it.each([
    ['a 4 años cuanto seria', { termMonths: 48 }],
    ['a 48 meses cuanto pago', { termMonths: 48 }],
    ['cuanto seria a 72 mensualidades', { termMonths: 72 }],
    ['con 50 mil de enganche cuanto quedan las mensualidades', { downPayment: { amount: 50000 } }],
    ['doy 100k de enganche y el resto a 5 años', { downPayment: { amount: 100000 }, termMonths: 60 }],
    ['si doy el 20% de enganche cuanto pago', { downPayment: { percent: 20 } }],
    [
      'cuanto quedaria a 6 años con 30 por ciento de enganche',
      { downPayment: { percent: 30 }, termMonths: 72 },
    ],
    ['quiero financiarlo', {}],
  ])('%s', (text, request) => {
    expect(read(text)).toEqual(request);
  });
});

describe('checkFinancingRequest', () => {
  it('turns a percentage into pesos and accepts the terms offered', () => {
    expect(checkFinancingRequest({ downPayment: { percent: 20 }, termMonths: 48 }, 371000, settings)).toEqual(
      {
        ok: true,
        downPayment: 74200,
        months: 48,
      },
    );
    expect(checkFinancingRequest({}, 371000, settings)).toEqual({
      ok: true,
      downPayment: null,
      months: null,
    });
  });

  it('reports a term not offered and a down payment below the minimum together', () => {
    expect(checkFinancingRequest({ downPayment: { percent: 5 }, termMonths: 84 }, 371000, settings)).toEqual({
      ok: false,
      problems: [
        { code: 'term_not_offered', months: 84, termsYears: [3, 4, 5, 6] },
        { code: 'down_payment_below_minimum', downPayment: 18550, minimum: 37100, minimumPercent: 10 },
      ],
    });
    expect(checkFinancingRequest({ termMonths: 24 }, 371000, settings).ok).toBe(false);
    expect(checkFinancingRequest({ downPayment: { amount: 37099 } }, 371000, settings).ok).toBe(false);
    expect(checkFinancingRequest({ downPayment: { amount: 37100 } }, 371000, settings).ok).toBe(true);
  });

  it('sees that a down payment covering the price leaves nothing to finance', () => {
    expect(checkFinancingRequest({ downPayment: { amount: 400000 } }, 371000, settings)).toEqual({
      ok: false,
      problems: [{ code: 'down_payment_not_below_price', downPayment: 400000, price: 371000 }],
    });
  });

  it('explains each problem to the customer with what they can do instead', () => {
    const render = createTemplateRenderer(autosTenant(), [{ templates: financingTemplates }]);
    const money = (amount: number) => formatMoney(amount, { tenant: autosTenant(), locale: 'es' });
    const checked = checkFinancingRequest(
      { downPayment: { amount: 20000 }, termMonths: 84 },
      371000,
      settings,
    );
    if (checked.ok) throw new Error('expected problems');
    const messages = checked.problems.map((problem) => {
      const { key, variables } = describeProblem(problem, money);
      return render('es', key, variables);
    });
    expect(messages).toEqual([
      'No manejamos plazo de 84 meses. Los plazos son de 3 a 6 años (36, 48, 60, 72 meses).',
      'El enganche mínimo es del 10 % ($37,100); con $20,000 no alcanza.',
    ]);
  });
});

describe('financingSettings', () => {
  const withSettings = (financing: unknown) => autosTenant({ skillSettings: { financing } });

  it('takes the tenant’s own conditions from skillSettings.financing, with the demo’s as defaults', () => {
    expect(financingSettings(autosTenant())).toEqual({
      annualRatePercent: 10,
      termsYears: [3, 4, 5, 6],
      minimumDownPaymentPercent: 10,
      tableDownPaymentPercents: [10, 20, 30],
    });
    const own = financingSettings(withSettings({ annualRatePercent: 12.5 }));
    expect(own.annualRatePercent).toBe(12.5);
    expect(own.termsYears).toEqual([3, 4, 5, 6]);
  });

  it.each([
    [
      { annualRatePercent: 'diez' },
      'tenant "autos": skillSettings.financing.annualRatePercent: must be a number of percent — write e.g. 10',
    ],
    [
      { termsYears: [3, 4.5] },
      'tenant "autos": skillSettings.financing.termsYears[1]: must be a whole number of years — write e.g. [3, 4, 5, 6]',
    ],
    [
      { tableDownPaymentPercents: [5, 20] },
      'tenant "autos": skillSettings.financing.tableDownPaymentPercents: 5 is below minimumDownPaymentPercent 10 — remove it or lower the minimum',
    ],
    [
      { rate: 10 },
      'tenant "autos": skillSettings.financing: has no setting "rate" — use annualRatePercent, termsYears, minimumDownPaymentPercent or tableDownPaymentPercents',
    ],
    [
      '10 %',
      'tenant "autos": skillSettings.financing: must be a mapping of settings — write e.g. { annualRatePercent: 10 }',
    ],
  ])('names a bad setting, what is wrong and how to write it: %j', (financing, message) => {
    expect(() => financingSettings(withSettings(financing))).toThrow(message);
  });
});
