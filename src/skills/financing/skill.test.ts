import { afterAll, describe, expect, it } from 'vitest';
import { OrquestaError } from '../../core/errors.ts';
import { createDatabase } from '../../storage/database.ts';
import { DEMO_DIR } from '../../../test/support/test-config.ts';
import { createCatalogSkill } from '../catalog/skill.ts';
import { autosTenant } from '../catalog/testing.ts';
import { createFinancingSkill } from './skill.ts';

const database = createDatabase('sqlite::memory:');
const dependencies = { db: database.db, baseDir: DEMO_DIR };
afterAll(() => database.close());

function configError(build: () => unknown): OrquestaError {
  try {
    build();
  } catch (error) {
    if (error instanceof OrquestaError) return error;
    throw error;
  }
  throw new Error('expected an invalid_config error');
}

describe('the catalog and financing skills at start', () => {
  it('are built for the demo dealer, with their intents', () => {
    expect(createCatalogSkill(autosTenant(), dependencies).intents).toEqual(['buscar_auto', 'detalle_auto']);
    const financing = createFinancingSkill(autosTenant(), dependencies);
    expect(financing.intents).toEqual(['financiamiento']);
    expect(financing.flows?.map((flow) => flow.name)).toEqual(['choose_car']);
  });

  it('refuse bad financing settings, naming the field and how to write it', () => {
    const error = configError(() =>
      createFinancingSkill(
        autosTenant({ skillSettings: { financing: { annualRatePercent: -1 } } }),
        dependencies,
      ),
    );
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe(
      'tenant "autos": skillSettings.financing.annualRatePercent: must not be negative — write e.g. 10',
    );
  });

  it('refuse a tenant without a catalog, saying what to add', () => {
    const message =
      'tenant "autos": the catalog skill needs business.catalog — give the path of the catalog CSV';
    expect(configError(() => createCatalogSkill(autosTenant({ business: {} }), dependencies)).message).toBe(
      message,
    );
    expect(configError(() => createFinancingSkill(autosTenant({ business: {} }), dependencies)).message).toBe(
      message,
    );
  });
});
