/**
 * A tenant's credit conditions, from `skillSettings.financing` in orquesta.yaml. The defaults are the
 * demo dealer's (financiamiento.md): 10 % a year fixed, 3 to 6 years, at least 10 % down.
 */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';

const percent = (max: number, example: string) =>
  z
    .number({ error: `must be a number of percent — write e.g. ${example}` })
    .min(0, `must not be negative — write e.g. ${example}`)
    .max(max, `must be at most ${max} — write e.g. ${example}`);

export const financingSettingsSchema = z
  .object({
    annualRatePercent: percent(100, '10')
      .default(10)
      .describe('Fixed yearly interest rate on the outstanding balance, in percent.'),
    termsYears: z
      .array(
        z
          .number({ error: 'must be a whole number of years — write e.g. [3, 4, 5, 6]' })
          .int('must be a whole number of years — write e.g. [3, 4, 5, 6]')
          .min(1, 'must be at least 1 year')
          .max(30, 'must be at most 30 years'),
        { error: 'must be a list of years — write e.g. [3, 4, 5, 6]' },
      )
      .min(1, 'must list at least one term — write e.g. [3, 4, 5, 6]')
      .default([3, 4, 5, 6])
      .describe('The terms offered, in whole years.'),
    minimumDownPaymentPercent: percent(99, '10')
      .default(10)
      .describe('The smallest down payment, in percent of the price.'),
    tableDownPaymentPercents: z
      .array(percent(99, '[10, 20, 30]'), { error: 'must be a list of percents — write e.g. [10, 20, 30]' })
      .min(1, 'must list at least one down payment — write e.g. [10, 20, 30]')
      .default([10, 20, 30])
      .describe('The down payments of the options table shown when no term is given.'),
  })
  .strict();

export type FinancingSettings = z.infer<typeof financingSettingsSchema>;

/**
 * The tenant's `skillSettings.financing`, with defaults. Throws `invalid_config` naming the bad field,
 * what is wrong with it and how to write it.
 */
export function financingSettings(tenant: TenantConfig): FinancingSettings {
  const where = `tenant "${tenant.id}": skillSettings.financing`;
  const parsed = financingSettingsSchema.safeParse(tenant.skillSettings.financing ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`));
    const message =
      issue.code === 'unrecognized_keys'
        ? `has no setting ${issue.keys.map((key) => `"${key}"`).join(', ')} — use annualRatePercent, termsYears, minimumDownPaymentPercent or tableDownPaymentPercents`
        : issue.code === 'invalid_type' && issue.path.length === 0
          ? 'must be a mapping of settings — write e.g. { annualRatePercent: 10 }'
          : issue.message;
    throw new OrquestaError('invalid_config', `${where}${path.join('')}: ${message}`);
  }
  const settings = parsed.data;
  const belowMinimum = settings.tableDownPaymentPercents.find(
    (percent) => percent < settings.minimumDownPaymentPercent,
  );
  if (belowMinimum !== undefined) {
    throw new OrquestaError(
      'invalid_config',
      `${where}.tableDownPaymentPercents: ${belowMinimum} is below minimumDownPaymentPercent ${settings.minimumDownPaymentPercent} — remove it or lower the minimum`,
    );
  }
  return { ...settings, termsYears: [...new Set(settings.termsYears)].sort((a, b) => a - b) };
}
