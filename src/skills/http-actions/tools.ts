/** Each HTTP action a tenant declares, as a Tool: the same call serves a flow and, later, an LLM agent. */
import type { Tool } from '../tool.ts';
import { actionInputSchema, slotVariables, type ActionInput } from './action-input.ts';
import { executeAction, type ExecuteActionOptions } from './execute-action.ts';
import { HttpActionError, type HttpActionErrorKind } from './http-action-error.ts';
import type { HttpAction } from './settings.ts';

/** The turn the tools act for: what the tool context does not carry. */
export interface ActionTurn {
  conversationId: string;
  /** Stable across replays of the turn: the id of its first inbound message (see `ActionCall.turnKey`). */
  turnKey: string;
  contact: { phone: string; name: string | null };
}

/**
 * What a call came to, with the reply to give: the action's `reply.success` template and variables (the
 * slots and the mapped answer), or on failure `reply.byStatus[status]` or `reply.error`, with the slots.
 */
export type HttpActionOutcome =
  | { ok: true; status: number; reply: string; variables: Record<string, string | number> }
  | {
      ok: false;
      kind: HttpActionErrorKind;
      status: number | null;
      reply: string;
      variables: Record<string, string | number>;
      /** Why, for logs and an LLM agent; names no secret and no customer data. */
      message: string;
    };

export type HttpActionTool = Tool<ActionInput, HttpActionOutcome>;

/**
 * One tool per action, bound to a turn. A failed call is an outcome (`ok: false`), not an exception, so
 * that a flow or an agent can answer with the action's error reply.
 */
export function createHttpActionTools(
  actions: readonly HttpAction[],
  turn: ActionTurn,
  options: ExecuteActionOptions = {},
): HttpActionTool[] {
  return actions.map((action) => {
    const input = actionInputSchema(action);
    return {
      name: action.name,
      description: action.description ?? `Calls the business's own API: ${action.name.replaceAll('_', ' ')}.`,
      input,
      mutates: action.method !== 'GET',
      async execute(slots, context) {
        try {
          const result = await executeAction(
            action,
            { tenantId: context.tenant.id, ...turn, slots },
            options,
          );
          return {
            ok: true,
            status: result.status,
            reply: action.reply.success,
            variables: result.variables,
          };
        } catch (error) {
          if (!(error instanceof HttpActionError)) throw error;
          const given = input.safeParse(slots);
          return {
            ok: false,
            kind: error.kind,
            status: error.status,
            reply:
              (error.status !== null && action.reply.byStatus[String(error.status)]) || action.reply.error,
            variables: given.success ? slotVariables(given.data) : {},
            message: error.message,
          };
        }
      },
    };
  });
}
