import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../storage/database.ts';
import { DEMO_DIR, testTenant } from '../../../test/support/test-config.ts';
import type { ToolContext } from '../tool.ts';
import { createKnowledgeBases } from './knowledge-bases.ts';
import { createKnowledgeTools } from './tools.ts';

const baseDir = DEMO_DIR;

const tenantConfig = (business: Record<string, unknown>) =>
  testTenant({ id: 'isp', name: 'RedNova', business });

describe('search_knowledge', () => {
  it('answers from the tenant’s documents with a citation and the relevant passages', async () => {
    const tenant = tenantConfig({ knowledge: 'isp/conocimiento' });
    const [tool] = createKnowledgeTools(() => createKnowledgeBases({ baseDir }).forTenant(tenant));
    const database = createDatabase('sqlite::memory:');
    const context: ToolContext = { tenant, contactId: 'c1', now: new Date(), db: database.db };
    try {
      const output = await tool.execute(
        tool.input.parse({ question: 'cuanto cuesta el plan de 300 megas' }),
        context,
      );
      if (!output.found) throw new Error('expected an answer');
      expect(output.citation).toBe('Planes de internet hogar (fibra óptica) (planes.md)');
      expect(output.answer).toContain('Nova 300 · 300 Mbps · $75.000');
      expect(output.passages[0]?.document).toBe('planes.md');
      expect(output.passages.every((passage) => passage.text.length <= 700)).toBe(true);

      expect(await tool.execute({ question: 'quien gano el partido ayer' }, context)).toEqual({
        found: false,
      });
    } finally {
      await database.close();
    }
  });

  it('rejects an empty question with a message that says what to pass', () => {
    const [tool] = createKnowledgeTools(() => Promise.reject(new Error('not searched')));
    const result = tool.input.safeParse({ question: '   ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('is empty — pass the customer’s question');
  });
});

describe('createKnowledgeBases', () => {
  it('keeps one base per tenant, so documents added by an admin reach the conversations', async () => {
    const bases = createKnowledgeBases({ baseDir });
    const tenant = tenantConfig({});
    const base = await bases.forTenant(tenant);
    expect(base.documents()).toEqual([]);
    await base.putDocument({
      name: 'horarios.md',
      content: '# Horarios\n\nAbrimos los domingos de 10:00 a 14:00.',
    });
    const again = await bases.forTenant(tenant);
    expect(again).toBe(base);
    expect((await again.answer('abren los domingos?')).found).toBe(true);
  });

  it('explains a business.knowledge that is not a folder path', async () => {
    const bases = createKnowledgeBases({ baseDir });
    expect(() => bases.forTenant(tenantConfig({ knowledge: 42 }))).toThrow(
      'tenant "isp": business.knowledge must be a folder of .md files, relative to the configuration file, like "clinica/conocimiento"',
    );
  });
});
