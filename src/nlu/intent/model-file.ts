/** Reading a model file back: validated with zod, so a damaged file is reported rather than misread. */
import { z } from 'zod';
import { OrquestaError } from '../../core/errors.ts';
import { createFeatureIndex } from './feature-index.ts';
import { FEATURE_SLOTS } from './features.ts';
import { createIntentModel, MODEL_FORMAT, MODEL_VERSION, type IntentModel } from './model.ts';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  labels: z.array(z.string().min(1)),
  sharpness: z.number().positive().finite(),
  unknownIdf: z.number().finite(),
  bias: z.array(z.number().finite()),
  slots: base64,
  idf: base64,
  weights: base64,
});

/**
 * Rebuilds a model from what `toJSON()` gave. Throws an `invalid_config` error that says what is wrong
 * when the file is not such a model, is of another version, or its arrays do not fit together.
 */
export function decodeIntentModel(json: unknown): IntentModel {
  const kind = z.object({ format: z.literal(MODEL_FORMAT), version: z.number() }).safeParse(json);
  if (!kind.success) throw corrupt(`its "format" is not "${MODEL_FORMAT}"`);
  if (kind.data.version !== MODEL_VERSION) {
    throw corrupt(`it is of version ${kind.data.version}, this Orquesta reads version ${MODEL_VERSION}`);
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    throw corrupt(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'model'}: ${issue.message}`).join('; '),
    );
  }
  const file = parsed.data;
  const slots = readInt32s(file.slots);
  const idf = readFloat32s(file.idf);
  const weights = readFloat32s(file.weights);
  const classes = file.labels.length;
  if (new Set(file.labels).size !== classes) throw corrupt('labels are repeated');
  if (file.bias.length !== classes) throw corrupt(`${file.bias.length} biases for ${classes} labels`);
  if (!slots || !idf || idf.length !== slots.length) throw corrupt('slots and idf differ in length');
  if (!weights || weights.length !== slots.length * classes) {
    throw corrupt(`weights do not have ${slots.length} features × ${classes} labels`);
  }
  if (
    slots.some((slot, index) => slot < 0 || slot >= FEATURE_SLOTS || (index > 0 && slot <= slots[index - 1]!))
  ) {
    throw corrupt('feature slots are not ascending hash slots');
  }
  if (!weights.every(Number.isFinite) || !idf.every(Number.isFinite)) throw corrupt('non-finite numbers');
  return createIntentModel({
    labels: file.labels,
    features: createFeatureIndex(slots, idf, file.unknownIdf),
    weights,
    bias: Float32Array.from(file.bias),
    sharpness: file.sharpness,
  });
}

/** The little-endian 32-bit numbers of a base64 text; undefined when its length is not a multiple of 4. */
function readBytes(text: string): DataView | undefined {
  const bytes = Buffer.from(text, 'base64');
  return bytes.length % 4 === 0 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
}

function readInt32s(text: string): Int32Array | undefined {
  const view = readBytes(text);
  return (
    view && Int32Array.from({ length: view.byteLength / 4 }, (_, index) => view.getInt32(index * 4, true))
  );
}

function readFloat32s(text: string): Float32Array | undefined {
  const view = readBytes(text);
  return (
    view && Float32Array.from({ length: view.byteLength / 4 }, (_, index) => view.getFloat32(index * 4, true))
  );
}

function corrupt(problem: string): OrquestaError {
  return new OrquestaError(
    'invalid_config',
    `not a valid Orquesta intent model: ${problem} — retrain it from its examples`,
  );
}
