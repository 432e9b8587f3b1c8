import { renderUrl } from '../http-actions/render-template.ts';

/** The order's payment address: the tenant's template with its placeholders filled and URI-encoded. */
export function paymentLink(
  template: string,
  values: { orderId: string; amount: number; currency: string; tenantId: string; contactId: string },
): string {
  return renderUrl(template, {
    'order.id': values.orderId,
    'order.amount': values.amount,
    'order.currency': values.currency,
    'tenant.id': values.tenantId,
    'contact.id': values.contactId,
  });
}
