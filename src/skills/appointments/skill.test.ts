import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../../../test/support/test-config.ts';
import { loadTenantBusinessData } from './skill.ts';
import { testTenant } from '../../../test/support/test-config.ts';

describe('the appointments skill configuration', () => {
  it('reads the business data named by business.data', () => {
    const data = loadTenantBusinessData(testTenant({ business: { data: 'clinica/negocio.yaml' } }), DEMO_DIR);
    expect(data.services.map((service) => service.id)).toContain('limpieza-facial');
  });

  it('refuses a tenant without business.data, saying what to set', () => {
    expect(() => loadTenantBusinessData(testTenant({ business: {} }), DEMO_DIR)).toThrow(
      'tenant "clinica": business.data: is missing — set it to the business data file, e.g. clinica/negocio.yaml',
    );
  });

  it('refuses a business file in another time zone than the tenant', () => {
    const tenant = testTenant({
      timezone: 'America/Mexico_City',
      business: { data: 'clinica/negocio.yaml' },
    });
    expect(() => loadTenantBusinessData(tenant, DEMO_DIR)).toThrow(/differs from the tenant's timezone/);
  });
});
