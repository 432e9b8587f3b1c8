/**
 * Grounded rewriting: a template reply phrased again by the language model in the tenant's persona, to
 * fit the conversation. The rewrite is sent only when the grounding guard finds every fact of the
 * template in it and nothing more; otherwise, or when the model does not answer, the template is.
 */
import type { Reply } from '../core/messages.ts';
import type { Locale, TurnContext } from '../skills/skill.ts';
import { checkRewrite, factsOf, type GuardVerdict } from './fact-guard.ts';
import type { ChatMessage, LlmCall, LlmClient } from './llm.ts';
import { turnCall } from './turn-call.ts';

/** One earlier message of the conversation: the customer's (`in`) or the bot's or an agent's (`out`). */
export interface HistoryMessage {
  direction: 'in' | 'out';
  text: string;
}

export interface RewriteRequest {
  locale: Locale;
  /** The reply as its template rendered it. */
  text: string;
  /** The template's variables: the facts (tool results) behind the reply. */
  variables: Record<string, string | number>;
  /** The conversation before this turn, oldest first. */
  history: readonly HistoryMessage[];
  /** What the customer wrote in this turn. */
  message: string;
  call: LlmCall;
}

export type RewriteResult =
  | { text: string; outcome: 'rewritten' }
  | { text: string; outcome: 'rejected'; verdict: Extract<GuardVerdict, { ok: false }> }
  | { text: string; outcome: 'unavailable' };

/**
 * A rewrite far longer than its template is refused: it is saying more than the template, and may not
 * fit the channel's message size.
 */
const MAX_GROWTH = 2;
const MAX_EXTRA_CHARACTERS = 160;

/**
 * Asks the model to rewrite one reply and checks the answer. Without an answer the template comes back
 * (`unavailable`); with one that fails the guard too (`rejected`, and the call's usage is marked
 * `rejected`).
 */
export async function rewriteReply(llm: LlmClient, request: RewriteRequest): Promise<RewriteResult> {
  const { text, variables } = request;
  const answer = await llm.chat({ messages: rewriteMessages(llm, request) }, request.call);
  const candidate = answer?.text ? cleanAnswer(answer.text) : '';
  if (!answer || candidate === '') return { text, outcome: 'unavailable' };
  const verdict = guard(candidate, text, variables);
  if (verdict.ok) return { text: candidate, outcome: 'rewritten' };
  await llm.reject(answer);
  return { text, outcome: 'rejected', verdict };
}

/**
 * Rewrites a turn's template replies at once, each with the variables it was rendered with (`sources`);
 * replies that did not come from a template (an agent's answer) are left as they are, and so are buttons.
 */
export async function rewriteTurnReplies(
  llm: LlmClient,
  context: TurnContext,
  sources: ReadonlyMap<Reply, Record<string, string | number>>,
  history: readonly HistoryMessage[],
): Promise<void> {
  await Promise.all(
    context.replies.map(async (reply) => {
      const variables = sources.get(reply);
      if (variables === undefined) return;
      const result = await rewriteReply(llm, {
        locale: context.locale,
        text: reply.text,
        variables,
        history,
        message: context.text,
        call: turnCall(context, 'rewrite'),
      });
      reply.text = result.text;
    }),
  );
}

function guard(
  candidate: string,
  template: string,
  variables: Record<string, string | number>,
): GuardVerdict {
  if (candidate.length > template.length * MAX_GROWTH + MAX_EXTRA_CHARACTERS)
    return { ok: false, missing: [], added: [`${candidate.length - template.length} more characters`] };
  return checkRewrite(candidate, template, factsOf(template, variables));
}

/**
 * The instructions (the `rewrite` prompt, with the persona), the conversation as user and assistant
 * messages, the customer's message of this turn as a user message, and last the reply to rewrite and its
 * facts, as JSON: the customer's words never enter the instructions.
 */
export function rewriteMessages(llm: LlmClient, request: RewriteRequest): ChatMessage[] {
  return [
    { role: 'system', content: llm.prompt(request.locale, 'rewrite') },
    ...request.history.map((message): ChatMessage => ({
      role: message.direction === 'in' ? 'user' : 'assistant',
      content: message.text,
    })),
    ...(request.message.trim() === '' ? [] : [{ role: 'user' as const, content: request.message }]),
    { role: 'user', content: JSON.stringify({ reply: request.text, facts: request.variables }) },
  ];
}

/**
 * The model's text without the quotes some models wrap a rewrite in; empty when it answered with JSON
 * (the request's own reply-and-facts object echoed back is not a message for the customer).
 */
function cleanAnswer(text: string): string {
  const trimmed = text.trim();
  if (/^[{[]/.test(trimmed)) return '';
  const quoted = trimmed.match(/^["“«](.*)["”»]$/s);
  return (quoted ? quoted[1]! : trimmed).trim();
}
