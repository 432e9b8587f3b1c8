/**
 * Redacts a webhook payload before it is kept in the webhook log: values of keys that hold message text,
 * names, addresses, phone numbers, e-mails, locations or secrets are replaced, and so is any other value
 * that looks like a phone number. Ids, types, statuses and timestamps stay, which is what a person
 * debugging a silent bot needs.
 */
const SENSITIVE_KEY =
  /^(text|body|caption|name|first_?name|last_?name|username|profile_?name|formatted_name|wa_?id|from|to|phone|phone_?number|display_phone_number|email|address|latitude|longitude|url|link|emoji|title|description|payload|token|secret|signature|api_?key|authorization|password|media_?url\d*|user_?id|source|destination)$/i;
const CENSOR = '[redacted]';

export function redactPayload(body: Buffer, contentType: string | undefined): string {
  const text = body.toString('utf8');
  if (text.length === 0) return '';
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    return JSON.stringify(
      Object.fromEntries([...form.entries()].map(([key, value]) => [key, redactValue(key, value)])),
    );
  }
  try {
    return JSON.stringify(redactJson(JSON.parse(text)));
  } catch {
    return JSON.stringify({ unparsed: `${text.length} bytes not shown` });
  }
}

function redactJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactJson(item, name)]));
  }
  return redactValue(key, value);
}

/**
 * A phone number with its country code (11–15 digits, or any written with "+"), also as Twilio writes
 * WhatsApp addresses (`whatsapp:+573001234567`); not a 10-digit timestamp.
 */
function looksLikePhone(text: string): boolean {
  const value = text.replace(/^whatsapp:/i, '');
  if (!/^\+?[\d\s().-]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return value.startsWith('+') ? digits >= 7 : digits >= 11 && digits <= 15;
}

function redactValue(key: string, value: unknown): unknown {
  if (typeof value === 'string' && (SENSITIVE_KEY.test(key) || looksLikePhone(value))) return CENSOR;
  if (typeof value === 'number' && SENSITIVE_KEY.test(key)) return CENSOR;
  return value;
}
