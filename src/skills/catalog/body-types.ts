/**
 * Body types of the cars. The catalog CSV has no body-type column, so a car's type comes, in this order,
 * from a `body_type` (or `carroceria`) column when the tenant's CSV has one, from words of its version
 * ("1.5 S Sedan", "2.5 XLT Cabina Doble"), or from the model table below (the demo dealer's models).
 * A car none of them describes has no body type and never matches a body-type filter.
 */
import { normalizeText } from '../../nlu/normalize-text.ts';

/** The same values as the `body_type` lookup of the demo's nlu.yml. */
export const BODY_TYPES = ['sedan', 'suv', 'hatchback', 'pickup', 'minivan', 'coupe'] as const;

export type BodyType = (typeof BODY_TYPES)[number];

/** Words people and catalogs use for each body type, folded (no accents, lower case). */
const BODY_TYPE_WORDS: Record<string, BodyType> = {
  sedan: 'sedan',
  suv: 'suv',
  camioneta: 'suv',
  crossover: 'suv',
  hatchback: 'hatchback',
  hatch: 'hatchback',
  pickup: 'pickup',
  'pick up': 'pickup',
  'cabina doble': 'pickup',
  'doble cabina': 'pickup',
  minivan: 'minivan',
  van: 'minivan',
  coupe: 'coupe',
};

/** Make and model (folded) → body type, for the demo catalog's models. */
const MODEL_BODY_TYPES: Record<string, BodyType> = {
  'audi a3': 'sedan',
  'audi q3': 'suv',
  'bmw serie 3': 'sedan',
  'bmw x1': 'suv',
  'chevrolet aveo': 'sedan',
  'chevrolet cavalier': 'sedan',
  'chevrolet onix': 'sedan',
  'chevrolet tracker': 'suv',
  'ford escape': 'suv',
  'ford figo': 'hatchback',
  'ford ranger': 'pickup',
  'honda city': 'sedan',
  'honda civic': 'sedan',
  'honda cr v': 'suv',
  'honda hr v': 'suv',
  'hyundai accent': 'sedan',
  'hyundai creta': 'suv',
  'hyundai elantra': 'sedan',
  'hyundai tucson': 'suv',
  'kia forte': 'sedan',
  'kia rio': 'sedan',
  'kia seltos': 'suv',
  'kia sportage': 'suv',
  'mazda cx 30': 'suv',
  'mazda cx 5': 'suv',
  'mazda mazda 2': 'hatchback',
  'mazda mazda 3': 'hatchback',
  'mercedes benz clase a': 'sedan',
  'mercedes benz gla': 'suv',
  'nissan kicks': 'suv',
  'nissan march': 'hatchback',
  'nissan sentra': 'sedan',
  'nissan versa': 'sedan',
  'nissan x trail': 'suv',
  'renault duster': 'suv',
  'renault kwid': 'hatchback',
  'renault logan': 'sedan',
  'seat ateca': 'suv',
  'seat ibiza': 'hatchback',
  'seat leon': 'hatchback',
  'suzuki ertiga': 'minivan',
  'suzuki swift': 'hatchback',
  'suzuki vitara': 'suv',
  'toyota camry': 'sedan',
  'toyota corolla': 'sedan',
  'toyota hilux': 'pickup',
  'toyota rav4': 'suv',
  'toyota yaris': 'sedan',
  'volkswagen jetta': 'sedan',
  'volkswagen polo': 'hatchback',
  'volkswagen tiguan': 'suv',
  'volkswagen vento': 'sedan',
};

/** A body type named by a word or a catalog cell ("Sedán", "camioneta", "SUV"), or undefined. */
export function bodyTypeNamed(text: string): BodyType | undefined {
  return BODY_TYPE_WORDS[normalizeText(text)];
}

/** A car's body type from its version's words, then the model table; undefined when neither says. */
export function deriveBodyType(make: string, model: string, version: string): BodyType | undefined {
  const words = ` ${normalizeText(version)} `;
  for (const [word, bodyType] of Object.entries(BODY_TYPE_WORDS)) {
    if (words.includes(` ${word} `)) return bodyType;
  }
  return MODEL_BODY_TYPES[normalizeText(`${make} ${model}`)];
}
