/**
 * The OpenAI wire shapes the fake LLM server answers with — a chat completion, its SSE chunks — and the
 * deterministic embedding it computes by default.
 */

/** Everything one chat completion answer says, whether sent whole or streamed. */
export interface CompletionParts {
  id: string;
  created: number;
  model: string;
  text: string | null;
  toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** A `chat.completion` object, as `POST /v1/chat/completions` returns it without `stream`. */
export function completionBody(parts: CompletionParts): Record<string, unknown> {
  return {
    id: parts.id,
    object: 'chat.completion',
    created: parts.created,
    model: parts.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: parts.text,
          refusal: null,
          ...(parts.toolCalls.length > 0 ? { tool_calls: parts.toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: parts.finishReason,
      },
    ],
    usage: parts.usage,
  };
}

/**
 * The `chat.completion.chunk` events of a streamed answer: the role first, the text in pieces, each tool
 * call as a header delta (index, id, name) then its arguments in pieces, the finish reason, and the usage
 * chunk (empty `choices`) only when the request asked for it with `stream_options.include_usage`, as OpenAI
 * does. The server sends each as a `data:` line and ends with `data: [DONE]`.
 */
export function completionChunks(parts: CompletionParts, includeUsage: boolean): unknown[] {
  const frame = { id: parts.id, object: 'chat.completion.chunk', created: parts.created, model: parts.model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...frame,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const events: unknown[] = [chunk({ role: 'assistant', content: '' })];
  for (const piece of splitInPieces(parts.text ?? '')) events.push(chunk({ content: piece }));
  parts.toolCalls.forEach((call, index) => {
    const header = {
      index,
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: '' },
    };
    events.push(chunk({ tool_calls: [header] }));
    for (const piece of splitInPieces(call.function.arguments)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, parts.finishReason));
  if (includeUsage) events.push({ ...frame, choices: [], usage: parts.usage });
  return events;
}

/** A rough token count (4 characters a token), for answers whose usage the test did not script. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Dimension of the default embeddings. */
export const FAKE_EMBEDDING_DIMENSION = 256;

/**
 * A deterministic embedding: the words of the text (lowercased, accents removed) hashed into
 * `FAKE_EMBEDDING_DIMENSION` buckets, counted and normalized to length 1, so texts sharing words have a
 * higher cosine similarity than texts that share none.
 */
export function bagOfWordsEmbedding(text: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSION).fill(0);
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  for (const word of words) vector[fnv1a(word) % FAKE_EMBEDDING_DIMENSION]! += 1;
  const length = Math.hypot(...vector);
  return length === 0 ? vector : vector.map((value) => value / length);
}

/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  for (let index = 0; index < a.length; index++) dot += a[index]! * (b[index] ?? 0);
  const norms = Math.hypot(...a) * Math.hypot(...b);
  return norms === 0 ? 0 : dot / norms;
}

function splitInPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += 8) pieces.push(text.slice(start, start + 8));
  return pieces;
}

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < word.length; index++) {
    hash ^= word.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
