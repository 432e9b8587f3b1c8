/**
 * The tenant's `skillSettings.packages`: where the customer pays. `paymentUrlTemplate` is an http(s)
 * address with `{{order.id}}`, `{{order.amount}}`, `{{order.currency}}`, `{{tenant.id}}` and
 * `{{contact.id}}` placeholders, filled (URI-encoded) when the order is created.
 */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { placeholdersOf } from '../http-actions/render-template.ts';

/** Used when the tenant sets none: a placeholder address to replace with the provider's checkout. */
export const DEFAULT_PAYMENT_URL_TEMPLATE =
  'https://pagos.example.com/checkout?order={{order.id}}&amount={{order.amount}}&currency={{order.currency}}';

export const PAYMENT_URL_PLACEHOLDERS = [
  'order.id',
  'order.amount',
  'order.currency',
  'tenant.id',
  'contact.id',
] as const;

const settingsSchema = z
  .object({
    paymentUrlTemplate: z
      .string({ error: 'must be a text such as "https://pagos.example.com/checkout?order={{order.id}}"' })
      .refine((url) => /^https?:\/\/[^/\s{}]+/i.test(url), {
        message: 'must start with http:// or https:// and a host — e.g. "https://pagos.example.com/…"',
      })
      .refine((url) => placeholdersOf(url).includes('order.id'), {
        message: 'must contain {{order.id}} so that the payment names its order',
      })
      .default(DEFAULT_PAYMENT_URL_TEMPLATE),
  })
  .strict();

export type PackagesSettings = z.infer<typeof settingsSchema>;

/** Validates `skillSettings.packages`; throws `invalid_config` naming the field and the fix. */
export function packagesSettings(tenant: TenantConfig): PackagesSettings {
  const parsed = settingsSchema.safeParse(tenant.skillSettings.packages ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown setting ${issue.keys.map((key) => `"${key}"`).join(', ')} — the only setting is paymentUrlTemplate`
        : issue.message;
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": skillSettings.packages${path}: ${message}`,
    );
  }
  const unknown = placeholdersOf(parsed.data.paymentUrlTemplate).find(
    (placeholder) => !(PAYMENT_URL_PLACEHOLDERS as readonly string[]).includes(placeholder),
  );
  if (unknown !== undefined) {
    throw new OrquestaError(
      'invalid_config',
      `tenant "${tenant.id}": skillSettings.packages.paymentUrlTemplate: unknown placeholder {{${unknown}}} — use ${PAYMENT_URL_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
    );
  }
  return parsed.data;
}
