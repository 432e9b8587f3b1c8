/**
 * The tool-calling loop: the model answers or asks for tools, the tools run and their results go back,
 * until it answers in text or the turn's budget of tool calls is spent.
 */
import type { Tool, ToolCallRecord, ToolContext } from '../../skills/tool.ts';
import type { ChatAnswer, ChatMessage, LlmCall, LlmClient } from '../llm.ts';
import { runToolCall } from './run-tool-call.ts';
import { toolDefinition } from './tool-definitions.ts';

export interface ToolLoopOptions {
  llm: LlmClient;
  /** The instructions and the conversation so far, ending with the customer's message. */
  messages: readonly ChatMessage[];
  /** The tools the model may call; every name unique. */
  tools: readonly Tool[];
  context: ToolContext;
  /** Tool calls allowed in all; once spent the model is asked, without tools, for its answer. */
  maxSteps: number;
  call: LlmCall;
}

export interface ToolLoopResult {
  /** The model's answer; null when there is none to send (a failed call, an empty answer, the budget). */
  text: string | null;
  toolCalls: ToolCallRecord[];
}

export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const tools = new Map(options.tools.map((tool) => [tool.name, tool]));
  const definitions = options.tools.map(toolDefinition);
  const messages = [...options.messages];
  const toolCalls: ToolCallRecord[] = [];

  for (;;) {
    const spent = toolCalls.length >= options.maxSteps;
    const answer = await options.llm.chat(
      spent ? { messages } : { messages, tools: definitions },
      options.call,
    );
    if (!answer) return { text: null, toolCalls };
    if (answer.toolCalls.length === 0) return { text: answer.text?.trim() || null, toolCalls };
    // Asked for more tools after the last allowed call: it has no answer to give.
    if (spent) return { text: null, toolCalls };

    messages.push(assistantMessage(answer));
    for (const request of answer.toolCalls) {
      if (toolCalls.length >= options.maxSteps) {
        // Every call needs its answer in the conversation, even one that is not run.
        const error = `not run: the limit of ${options.maxSteps} tool calls for this message was reached`;
        messages.push({ role: 'tool', tool_call_id: request.id, content: error });
        continue;
      }
      const result = await runToolCall(request, tools, options.context);
      toolCalls.push(result.record);
      messages.push({ role: 'tool', tool_call_id: request.id, content: result.content });
    }
  }
}

function assistantMessage(answer: ChatAnswer): ChatMessage {
  return {
    role: 'assistant',
    content: answer.text,
    tool_calls: answer.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    })),
  };
}
