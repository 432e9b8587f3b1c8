/**
 * A tenant's credit conditions, from `business.financing` in orquesta.yaml. The defaults are the demo
 * dealer's (financiamiento.md): 10 % a year fixed, 3 to 6 years, at least 10 % down.
 */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';

export const financingSettingsSchema = z
  .object({
    annualRatePercent: z
      .number()
      .min(0)
      .max(100)
      .default(10)
      .describe('Fixed yearly interest rate on the outstanding balance, in percent.'),
    termsYears: z
      .array(z.number().int().min(1).max(30))
      .min(1)
      .default([3, 4, 5, 6])
      .describe('The terms offered, in whole years.'),
    minimumDownPaymentPercent: z
      .number()
      .min(0)
      .max(99)
      .default(10)
      .describe('The smallest down payment, in percent of the price.'),
    tableDownPaymentPercents: z
      .array(z.number().min(0).max(99))
      .min(1)
      .default([10, 20, 30])
      .describe('The down payments of the options table shown when no term is given.'),
  })
  .strict();

export type FinancingSettings = z.infer<typeof financingSettingsSchema>;

/** The tenant's `business.financing`, with defaults. Throws `invalid_config` naming the bad field. */
export function financingSettings(tenant: TenantConfig): FinancingSettings {
  const parsed = financingSettingsSchema.safeParse(tenant.business.financing ?? {});
  if (!parsed.success) {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": business.financing is not valid — ${z.prettifyError(parsed.error)}`,
    );
  }
  const settings = parsed.data;
  const belowMinimum = settings.tableDownPaymentPercents.find(
    (percent) => percent < settings.minimumDownPaymentPercent,
  );
  if (belowMinimum !== undefined) {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": business.financing.tableDownPaymentPercents has ${belowMinimum}, below minimumDownPaymentPercent ${settings.minimumDownPaymentPercent} — remove it or lower the minimum`,
    );
  }
  return { ...settings, termsYears: [...new Set(settings.termsYears)].sort((a, b) => a - b) };
}
