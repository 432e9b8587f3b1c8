import type { Skill, SkillDependencies } from '../skill.ts';
import type { TenantConfig } from '../../tenancy/config-schema.ts';
import { startFlow } from '../../dialogue/flow-runner.ts';
import { packagesSettings } from './packages-settings.ts';
import { loadTenantBusinessData, purchasableItems } from './price-list.ts';
import { createPurchaseFlow, initialPurchaseSlots } from './purchase-flow.ts';
import { sayHistory, sayPriceList } from './replies.ts';
import { packagesTemplates } from './templates.ts';
import { createPackagesTools } from './tools.ts';

/**
 * Packages and orders: the price list (`consultar_paquetes`), buying a package or sessions with a payment
 * link (`pagar_servicio`, the `purchase` flow) and the customer's orders with the sessions they have left
 * (`consultar_historial`). Reads `business.data` and `skillSettings.packages` (see docs/skills/packages.md).
 */
export function createPackagesSkill(tenant: TenantConfig, dependencies: SkillDependencies): Skill {
  const settings = packagesSettings(tenant);
  const data = loadTenantBusinessData(tenant, dependencies.baseDir, 'packages');
  const items = purchasableItems(data);
  const purchase = createPurchaseFlow({ items, paymentUrlTemplate: settings.paymentUrlTemplate });

  return {
    name: 'packages',
    intents: ['consultar_paquetes', 'pagar_servicio', 'consultar_historial'],
    templates: packagesTemplates,
    flows: [purchase],
    tools: Object.values(
      createPackagesTools({
        items,
        paymentUrlTemplate: settings.paymentUrlTemplate,
        validityMonths: (id) => data.packages.find((item) => item.id === id)?.validityMonths ?? null,
      }),
    ),
    mainOptions: [{ intent: 'consultar_paquetes', title: 'packages.option_prices' }],
    async handle(context) {
      switch (context.understanding.intent.name) {
        case 'pagar_servicio':
          if (items.length === 0) return context.say('packages.nothing_for_sale');
          return startFlow(context, purchase, initialPurchaseSlots(context, items));
        case 'consultar_historial':
          return sayHistory(context, dependencies.db, data);
        default:
          return sayPriceList(context, data, items);
      }
    },
  };
}
