/**
 * One tool call the model asked for, carried out: its arguments parsed and validated, the tool run with
 * the turn's context, and whatever came of it written as the text of a `tool` message. Nothing here
 * throws: a bad call becomes a message the model can correct.
 */
import { z } from 'zod';
import { isOrquestaError } from '../../core/errors.ts';
import type { Tool, ToolCallRecord, ToolContext } from '../../skills/tool.ts';
import type { ToolCallRequest } from '../llm.ts';
import { declaredArguments } from './tool-definitions.ts';

export interface ToolCallResult {
  /** The `tool` message's content. */
  content: string;
  record: ToolCallRecord;
}

/**
 * Whose data a call reaches comes from the turn, never from the model: an argument of this name is
 * dropped unless the tool declares it (none does).
 */
const SCOPE_ARGUMENTS = [
  'tenant',
  'tenantId',
  'tenant_id',
  'contact',
  'contactId',
  'contact_id',
  'customer',
  'customerId',
  'customer_id',
  'conversationId',
  'conversation_id',
];

/** A tool result longer than this is cut: the model needs the facts, not a data dump. */
const MAX_RESULT_LENGTH = 12_000;

const argumentsSchema = z.record(z.string(), z.unknown());

export async function runToolCall(
  call: ToolCallRequest,
  tools: ReadonlyMap<string, Tool>,
  context: ToolContext,
): Promise<ToolCallResult> {
  const tool = tools.get(call.name);
  if (!tool) {
    const names = [...tools.keys()].join(', ');
    // Recorded without the name the model wrote: under a prompt injection it could be any text.
    return refused('(unknown)', 'unknown_tool', `no tool named "${call.name}" — use one of: ${names}`);
  }
  const given = parseArguments(call.arguments);
  if (!given.ok) return refused(tool.name, 'invalid_arguments', given.error);
  const declared = declaredArguments(tool);
  const scoped = Object.fromEntries(
    Object.entries(given.value).filter(([name]) => declared.has(name) || !SCOPE_ARGUMENTS.includes(name)),
  );
  const input = tool.input.safeParse(scoped);
  if (!input.success) {
    return refused(
      tool.name,
      'invalid_arguments',
      `invalid arguments for ${tool.name}:\n${z.prettifyError(input.error)}\nCorrect them and call it again.`,
    );
  }
  try {
    const output = await tool.execute(input.data, context);
    return { content: resultText(output), record: { name: tool.name, ok: true } };
  } catch (error) {
    // A coded error says what was wrong with the request (an unknown id, a term not offered); anything
    // else may carry internals (SQL, addresses) that are no business of the model.
    const reason = isOrquestaError(error) ? error.message : `${tool.name} failed`;
    return refused(tool.name, 'failed', `error: ${reason}`);
  }
}

/** The model reads why; the turn records only the kind of failure (see `ToolCallRecord`). */
function refused(name: string, error: ToolCallRecord['error'], content: string): ToolCallResult {
  return { content, record: { name, ok: false, error } };
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The model's JSON text as an object; empty text means no arguments. */
function parseArguments(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the arguments are not valid JSON — write them as one JSON object' };
  }
  const object = argumentsSchema.safeParse(value);
  return object.success
    ? { ok: true, value: object.data }
    : { ok: false, error: 'the arguments must be one JSON object, e.g. {"name": "value"}' };
}

function resultText(output: unknown): string {
  const text = JSON.stringify(output ?? null);
  return text.length <= MAX_RESULT_LENGTH ? text : `${text.slice(0, MAX_RESULT_LENGTH)}… (cut)`;
}
