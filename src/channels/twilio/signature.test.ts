import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bodyHashMatches, isValidTwilioSignature, twilioSignature, type SignedParams } from './signature.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

interface ValidationVector {
  name: string;
  url: string;
  params: 'defaultParams' | SignedParams;
  signature: string | null;
  expectValid: boolean;
  signedUrl?: string;
}

interface BodyVector {
  name: string;
  url?: string;
  body: string;
  signature?: string;
  bodySHA256_hex?: string;
  expectValid: boolean;
}

const validation = fixture('signature_vectors_validation_spec.json') as {
  authToken: string;
  defaultParams: SignedParams;
  vectors: ValidationVector[];
  bodyVectors: {
    body: string;
    bodySHA256_hex: string;
    emptyBody: string;
    emptyBodySHA256_hex: string;
    vectors: BodyVector[];
  };
};
const webhooks = fixture('signature_vectors_webhooks_spec.json') as {
  authToken: string;
  params: SignedParams;
  cases: { signedUrl: string; validateUrl: string; expectValid: boolean; signature_computed_by_us: string }[];
};

describe('X-Twilio-Signature: twilio-node validation.spec.js vectors', () => {
  const paramsOf = (vector: ValidationVector) =>
    vector.params === 'defaultParams' ? validation.defaultParams : vector.params;

  it.each(validation.vectors)('$name → valid: $expectValid', (vector) => {
    expect(
      isValidTwilioSignature({
        authToken: validation.authToken,
        signature: vector.signature ?? undefined,
        url: vector.url,
        params: paramsOf(vector),
      }),
    ).toBe(vector.expectValid);
  });

  it.each(validation.vectors.filter((vector) => vector.signedUrl && vector.signature))(
    '$name: the signature is HMAC-SHA1 over the recorded signed URL and sorted params',
    (vector) => {
      expect(twilioSignature(validation.authToken, vector.signedUrl!, paramsOf(vector))).toBe(
        vector.signature,
      );
    },
  );

  it('does not accept a correct signature for other parameters', () => {
    const [correct] = validation.vectors;
    expect(
      isValidTwilioSignature({
        authToken: validation.authToken,
        signature: correct!.signature!,
        url: correct!.url,
        params: { ...validation.defaultParams, Digits: '9999' },
      }),
    ).toBe(false);
  });

  it('does not accept a correct signature under another auth token', () => {
    const [correct] = validation.vectors;
    expect(
      isValidTwilioSignature({
        authToken: '54321',
        signature: correct!.signature!,
        url: correct!.url,
        params: validation.defaultParams,
      }),
    ).toBe(false);
  });
});

describe('X-Twilio-Signature: bodySHA256 vectors (JSON bodies)', () => {
  const { bodyVectors } = validation;

  it('hashes the recorded bodies to the recorded SHA-256', () => {
    expect(bodyHashMatches(bodyVectors.body, bodyVectors.bodySHA256_hex)).toBe(true);
    expect(bodyHashMatches(bodyVectors.emptyBody, bodyVectors.emptyBodySHA256_hex)).toBe(true);
  });

  it.each(bodyVectors.vectors.filter((vector) => vector.url))('$name → valid: $expectValid', (vector) => {
    expect(
      isValidTwilioSignature({
        authToken: validation.authToken,
        signature: vector.signature,
        url: vector.url!,
        // A JSON webhook's body is not a form: the signature covers the URL only, the hash the body.
        params: {},
        body: Buffer.from(vector.body),
      }),
    ).toBe(vector.expectValid);
  });

  it.each(bodyVectors.vectors.filter((vector) => vector.bodySHA256_hex))(
    '$name → valid: $expectValid',
    (vector) => {
      expect(bodyHashMatches(vector.body, vector.bodySHA256_hex!)).toBe(vector.expectValid);
    },
  );

  it('refuses a body that does not match the bodySHA256 of a correctly signed URL', () => {
    const [withBody] = bodyVectors.vectors;
    expect(
      isValidTwilioSignature({
        authToken: validation.authToken,
        signature: withBody!.signature,
        url: withBody!.url!,
        params: {},
        body: Buffer.from('{"property": "other", "boolean": true}'),
      }),
    ).toBe(false);
  });
});

describe('X-Twilio-Signature: twilio-node webhooks.spec.js cases (ports and quotes)', () => {
  it.each(webhooks.cases)(
    'signed $signedUrl, validated as $validateUrl → valid: $expectValid',
    (testCase) => {
      expect(twilioSignature(webhooks.authToken, testCase.signedUrl, webhooks.params)).toBe(
        testCase.signature_computed_by_us,
      );
      expect(
        isValidTwilioSignature({
          authToken: webhooks.authToken,
          signature: testCase.signature_computed_by_us,
          url: testCase.validateUrl,
          params: webhooks.params,
        }),
      ).toBe(testCase.expectValid);
    },
  );

  it('refuses a URL it cannot read', () => {
    expect(
      isValidTwilioSignature({ authToken: 's3cr3t', signature: 'abc=', url: 'not a url', params: {} }),
    ).toBe(false);
  });
});
