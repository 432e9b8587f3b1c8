import { OrquestaError } from '../core/errors.ts';
import type { TenantConfig } from '../tenancy/config-schema.ts';
import type { Skill, SkillDependencies } from './skill.ts';
import { createHandoffSkill } from './handoff/index.ts';
import { createSmalltalkSkill } from './smalltalk/index.ts';
import { createPackagesSkill } from './packages/skill.ts';
import { createProfileSkill } from './profile/skill.ts';
import { createKnowledgeSkill } from './knowledge/skill.ts';
import { createHttpActionsSkill } from './http-actions/skill.ts';
import { createCatalogSkill } from './catalog/skill.ts';
import { createFinancingSkill } from './financing/skill.ts';
import { createAppointmentsSkill } from './appointments/skill.ts';

/**
 * The skills a tenant enabled, in its order. Each skill's `<name>.capability` template feeds the help menu.
 * A factory checks the skill's settings and files and throws `invalid_config` on a problem; it reads
 * nothing from the database.
 */
export function createTenantSkills(tenant: TenantConfig, dependencies: SkillDependencies): Skill[] {
  const capabilityKeys = () => skills.map((skill) => `${skill.name}.capability`);
  const factories: Record<string, (tenant: TenantConfig, dependencies: SkillDependencies) => Skill> = {
    smalltalk: () => createSmalltalkSkill(capabilityKeys),
    knowledge: (tenant, dependencies) => createKnowledgeSkill(tenant, dependencies, () => skills),
    'http-actions': createHttpActionsSkill,
    handoff: createHandoffSkill,
    catalog: createCatalogSkill,
    financing: createFinancingSkill,
    appointments: createAppointmentsSkill,
    packages: createPackagesSkill,
    profile: () => createProfileSkill(),
  };
  const skills = tenant.skills.map((name, index) => {
    const factory = factories[name];
    if (!factory) {
      throw new OrquestaError(
        'invalid_config',
        `tenant "${tenant.id}": skills[${index}]: no skill named "${name}" — use one of: ${Object.keys(factories).join(', ')}`,
      );
    }
    return factory(tenant, dependencies);
  });
  return skills;
}
