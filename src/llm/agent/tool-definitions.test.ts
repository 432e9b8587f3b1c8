import { describe, expect, it } from 'vitest';
import { demoBusinessData } from '../../skills/appointments/test-support.ts';
import { createAppointmentTools } from '../../skills/appointments/tools.ts';
import { demoCatalog } from '../../skills/catalog/testing.ts';
import { createCatalogTools } from '../../skills/catalog/tools.ts';
import { declaredArguments, toolDefinition } from './tool-definitions.ts';

describe('toolDefinition', () => {
  const [searchCars] = createCatalogTools(demoCatalog);
  const findFreeSlots = createAppointmentTools(demoBusinessData()).find(
    (tool) => tool.name === 'find_free_slots',
  )!;

  it("is an OpenAI function tool with the tool's name, description and input as JSON Schema", () => {
    const definition = toolDefinition(searchCars);
    expect(definition).toMatchObject({
      type: 'function',
      function: { name: 'search_cars', description: searchCars.description },
    });
    const parameters = definition.function.parameters as {
      type: string;
      properties: { filters: { properties: Record<string, unknown> } };
      required?: string[];
      $schema?: string;
    };
    expect(parameters.type).toBe('object');
    expect(parameters.$schema).toBeUndefined();
    // `filters` has a default, so the model may leave it out.
    expect(parameters.required ?? []).not.toContain('filters');
    expect(parameters.properties.filters.properties.bodyTypes).toMatchObject({
      type: 'array',
      items: { enum: ['sedan', 'suv', 'hatchback', 'pickup', 'minivan', 'coupe'] },
    });
  });

  it('describes dates by their format, without the long patterns that check them', () => {
    const parameters = toolDefinition(findFreeSlots).function.parameters as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(parameters.required).toEqual(['serviceId']);
    expect(parameters.properties.from).toEqual({ type: 'string', format: 'date-time' });
    expect(parameters.properties.date).toEqual({ type: 'string', format: 'date' });
    expect(parameters.properties.partOfDay).toMatchObject({ enum: ['morning', 'afternoon', 'night'] });
    expect(JSON.stringify(parameters)).not.toContain('pattern');
  });

  it('is built once per tool and lists the argument names', () => {
    expect(toolDefinition(findFreeSlots)).toBe(toolDefinition(findFreeSlots));
    expect([...declaredArguments(findFreeSlots)]).toEqual([
      'serviceId',
      'professionalId',
      'date',
      'from',
      'to',
      'partOfDay',
      'at',
      'limit',
    ]);
  });
});
