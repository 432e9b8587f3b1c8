/** Skills' tools as OpenAI function tools: their name, description and the JSON schema of their zod input. */
import { z } from 'zod';
import type { Tool } from '../../skills/tool.ts';
import type { ChatTool } from '../llm.ts';

const definitions = new WeakMap<Tool, ChatTool>();

/**
 * The function tool the model sees for `tool`. The schema describes what the model may write (`io:
 * input`: fields with a default are optional); a piece JSON Schema cannot express (a preprocessing step)
 * becomes "any value", and the tool's own validation still judges it. Built once per tool object.
 */
export function toolDefinition(tool: Tool): ChatTool {
  const known = definitions.get(tool);
  if (known) return known;
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(tool.input, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      // Noise to a model, paid in tokens on every call: `format` already says "date-time", and an integer
      // needs no "at most 2^53 - 1". The tool's validation still checks both.
      if (jsonSchema.format !== undefined) delete jsonSchema.pattern;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  const definition: ChatTool = {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters },
  };
  definitions.set(tool, definition);
  return definition;
}

/** The argument names a tool's schema declares. */
export function declaredArguments(tool: Tool): Set<string> {
  const properties = toolDefinition(tool).function.parameters?.properties;
  return new Set(typeof properties === 'object' && properties !== null ? Object.keys(properties) : []);
}
