/**
 * Turns classifier scores into confidences that sum to 1 and mean what they say.
 *
 * Each intent's score is a one-vs-rest margin: about +1 for "it is this intent", −1 for "it is not".
 * A softmax over the scores and one more, `UNKNOWN_SCORE` for "none of them", gives probabilities; the
 * share of "none of them" is then spread evenly over the intents. A message no intent claims thus gets
 * a flat ranking, below any sensible threshold, while the ranking still sums to 1. The softmax's
 * sharpness is fitted on held-out scores (temperature scaling, Guo et al. 2017), so that a confidence
 * of 0.8 is right about 80 % of the time.
 */

/** The score of "none of the intents": the one-vs-rest decision boundary. */
export const UNKNOWN_SCORE = 0;

/** Confidences of each intent for its `scores`; they sum to 1. */
export function confidences(scores: ArrayLike<number>, sharpness: number): Float64Array {
  const count = scores.length;
  const result = new Float64Array(count);
  let highest = UNKNOWN_SCORE;
  for (let index = 0; index < count; index += 1) highest = Math.max(highest, scores[index]!);
  const unknown = Math.exp((UNKNOWN_SCORE - highest) * sharpness);
  let total = unknown;
  for (let index = 0; index < count; index += 1) {
    result[index] = Math.exp((scores[index]! - highest) * sharpness);
    total += result[index]!;
  }
  const spread = unknown / count;
  for (let index = 0; index < count; index += 1) result[index] = (result[index]! + spread) / total;
  return result;
}

const LOWEST_SHARPNESS = 0.1;
const HIGHEST_SHARPNESS = 100;
/** What the sharpness is drawn towards when there is little data: typical of fitted values. */
export const TYPICAL_SHARPNESS = 8;
/** Weight of that pull, in examples' worth of log-likelihood per squared unit of log-sharpness. */
const PRIOR_WEIGHT = 10;

/**
 * The sharpness that minimises the negative log-likelihood of the true intents (`truth[i]` for
 * `scores[i]`), by golden-section search over its logarithm between 0.1 and 100. A small penalty on the
 * distance from `TYPICAL_SHARPNESS` keeps a few perfectly separated examples from making every
 * confidence 1; with thousands of examples the data decides.
 */
export function fitSharpness(scores: readonly ArrayLike<number>[], truth: readonly number[]): number {
  const loss = (logSharpness: number): number => {
    const sharpness = Math.exp(logSharpness);
    let total = PRIOR_WEIGHT * (logSharpness - Math.log(TYPICAL_SHARPNESS)) ** 2;
    scores.forEach((row, index) => {
      total -= Math.log(Math.max(confidences(row, sharpness)[truth[index]!]!, 1e-12));
    });
    return total;
  };
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = Math.log(LOWEST_SHARPNESS);
  let high = Math.log(HIGHEST_SHARPNESS);
  for (let step = 0; step < 40; step += 1) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (loss(left) <= loss(right)) high = right;
    else low = left;
  }
  return Math.exp((low + high) / 2);
}
