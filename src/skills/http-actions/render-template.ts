/**
 * `{{path}}` placeholders in an HTTP action's URL, headers and body, filled with the turn's values:
 * `{{slots.kind}}`, `{{contact.phone}}`, `{{contact.name}}`, `{{conversation.id}}`, `{{tenant.id}}`.
 *
 * Reply templates (`{name}`, dialogue/templates.ts) are a different thing: these need dotted paths, URI
 * encoding inside URLs, and values that keep their JSON type inside bodies.
 */
import type { JsonValue } from '../../core/json.ts';

export type TemplateScalar = string | number | boolean;

/** Values by full placeholder path (`slots.kind`); `undefined` or `null` renders as nothing. */
export type TemplateValues = Readonly<Record<string, TemplateScalar | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}$/;

/** A value that cannot go where a template puts it (a `..` path segment, a line break in a header). */
export class TemplateValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateValueError';
  }
}

/** The placeholder paths a text uses, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** The placeholder paths used anywhere in a JSON template (in string values; keys are never templates). */
export function placeholdersInJson(template: JsonValue): string[] {
  if (typeof template === 'string') return placeholdersOf(template);
  if (Array.isArray(template)) return template.flatMap(placeholdersInJson);
  if (template !== null && typeof template === 'object')
    return Object.values(template).flatMap(placeholdersInJson);
  return [];
}

/** Text with each placeholder replaced by its value, passed through `encode` (identity by default). */
export function renderText(
  template: string,
  values: TemplateValues,
  encode: (value: string) => string = (value) => value,
): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const value = values[path];
    return value === undefined || value === null ? '' : encode(String(value));
  });
}

/**
 * A URL with each value URI-encoded, so a customer's text can never add a path segment, a query
 * parameter or a fragment. `.` and `..` are refused: URLs resolve them even when encoded.
 */
export function renderUrl(template: string, values: TemplateValues): string {
  return renderText(template, values, (value) => {
    if (value === '.' || value === '..')
      throw new TemplateValueError(
        `"${value}" cannot be a part of a URL — a dot path would change the address`,
      );
    return encodeURIComponent(value);
  });
}

/** A header value; refuses line breaks, which would let a value forge other headers. */
export function renderHeader(template: string, values: TemplateValues): string {
  const text = renderText(template, values);
  if (/[\r\n\0]/.test(text))
    throw new TemplateValueError('a header value cannot contain line breaks — remove them from the value');
  return text;
}

/**
 * A JSON body built as values, never by pasting text: a string that is exactly one placeholder becomes the
 * value with its type (a number stays a number); an absent value leaves its key out (or is `null` in a
 * list); a placeholder inside longer text is interpolated as text.
 */
export function renderJson(template: JsonValue, values: TemplateValues): JsonValue | undefined {
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (!whole) return renderText(template, values);
    const value = values[whole[1]!];
    return value === undefined ? undefined : value;
  }
  if (Array.isArray(template)) return template.map((item) => renderJson(item, values) ?? null);
  if (template !== null && typeof template === 'object') {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(template)) {
      const rendered = renderJson(item, values);
      if (rendered !== undefined) result[key] = rendered;
    }
    return result;
  }
  return template;
}
