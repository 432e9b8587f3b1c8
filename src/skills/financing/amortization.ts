/**
 * Monthly payments by the French system (equal payments, interest on the outstanding balance), as
 * financiamiento.md states it: financed = price − down payment; monthly rate = annual rate / 12;
 * payment = financed × rate / (1 − (1 + rate)^−months). The arithmetic is exact (rational numbers
 * over BigInt) and only the result is rounded, half up, to the whole peso, so no floating-point error
 * can move a figure by a peso.
 */

export interface Quote {
  price: number;
  downPayment: number;
  /** price − down payment. */
  financed: number;
  months: number;
  annualRatePercent: number;
  /** Rounded half up to the whole unit. */
  monthlyPayment: number;
  /** monthlyPayment × months. */
  totalPaid: number;
  /** totalPaid − financed. */
  totalInterest: number;
}

/**
 * The monthly payment, in whole units, for `financed` (whole units) over `months` at `annualRatePercent`
 * (e.g. 10 or 10.5). With a 0 % rate it is financed / months.
 */
export function monthlyPayment(financed: number, annualRatePercent: number, months: number): number {
  if (!Number.isSafeInteger(financed) || financed < 0) {
    throw new RangeError(`financed amount ${financed} is not a whole, non-negative amount`);
  }
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`${months} is not a number of months`);
  const [rateNumerator, rateDenominator] = asFraction(annualRatePercent);
  const principal = BigInt(financed);
  if (rateNumerator === 0n) return roundHalfUp(principal, BigInt(months));
  // With r = p / (1200·d), 1 + r = a / b where a = b + p and b = 1200·d. Multiplying the formula by
  // (1 + r)^n above and below: payment = P · p · a^n / (b · (a^n − b^n)).
  const b = 1200n * rateDenominator;
  const a = b + rateNumerator;
  const n = BigInt(months);
  const aPower = a ** n;
  const bPower = b ** n;
  return roundHalfUp(principal * rateNumerator * aPower, b * (aPower - bPower));
}

/** The full quote for a price, a down payment and a term. */
export function quote(price: number, downPayment: number, months: number, annualRatePercent: number): Quote {
  const financed = price - downPayment;
  const payment = monthlyPayment(financed, annualRatePercent, months);
  const totalPaid = payment * months;
  return {
    price,
    downPayment,
    financed,
    months,
    annualRatePercent,
    monthlyPayment: payment,
    totalPaid,
    totalInterest: totalPaid - financed,
  };
}

/** A percentage written in decimal ("10", "10.5") as an exact fraction numerator / denominator. */
function asFraction(percent: number): [bigint, bigint] {
  if (!Number.isFinite(percent) || percent < 0) throw new RangeError(`${percent} is not an interest rate`);
  const [whole = '0', decimals = ''] = String(percent).split('.');
  if (/e/i.test(whole)) throw new RangeError(`${percent} has too many decimals for an interest rate`);
  return [BigInt(whole + decimals), 10n ** BigInt(decimals.length)];
}

function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** `percent` of `price`, rounded up to the whole unit so that a percentage never falls below itself. */
export function percentOf(price: number, percent: number): number {
  const [numerator, denominator] = asFraction(percent);
  const product = BigInt(price) * numerator;
  const divisor = 100n * denominator;
  return Number((product + divisor - 1n) / divisor);
}
