/**
 * Exact rational numbers over bigint, the number type of indicator arithmetic.
 *
 * Why not `number`: fee amounts in VND summed over a province exceed 2^53 (9.007e15 VND is only
 * about 9 million fee payments of 1 million VND), and a share computed as 0.1 + 0.2 must not
 * print as 30.000000000000004 %. Why not plain bigint: shares such as 2/3 are not integers.
 * A rational keeps every sum, product and quotient of integers exact; it becomes a float only
 * when a caller asks for one (`toNumber`) or a fixed number of decimals (`toFixed`).
 *
 * Values are always normalised: the denominator is positive and gcd(num, den) = 1, so two equal
 * rationals have equal fields.
 */
export class Rational {
  private constructor(
    /** Numerator, carries the sign. */
    readonly num: bigint,
    /** Denominator, always > 0. */
    readonly den: bigint,
  ) {}

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** num/den in lowest terms; throws on a zero denominator (use `div` for the null-on-zero rule). */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    const n = typeof num === 'bigint' ? num : integerToBigInt(num);
    const d = typeof den === 'bigint' ? den : integerToBigInt(den);
    if (d === 0n) throw new RangeError('Rational with a zero denominator');
    const sign = d < 0n ? -1n : 1n;
    const g = gcd(abs(n), abs(d));
    return new Rational((sign * n) / g, (sign * d) / g);
  }

  /**
   * An input value: a bigint, or a JS number. Integers must be safe (|x| ≤ 2^53 − 1): a larger
   * `number` has already lost digits before it reached us, so it is refused — pass a bigint.
   * A non-integer number is taken at its shortest decimal representation (0.1 → 1/10), which
   * is what whoever wrote it meant.
   */
  static from(x: number | bigint): Rational {
    if (typeof x === 'bigint') return new Rational(x, 1n);
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    if (Number.isInteger(x)) return new Rational(integerToBigInt(x), 1n);
    return Rational.parseDecimal(String(x));
  }

  /** Parses a decimal literal such as `12`, `-0.65`, `1.5e-7`, exactly. */
  static parseDecimal(text: string): Rational {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!m) throw new RangeError(`not a decimal number: ${text}`);
    const [, sign, int, frac = '', exp = '0'] = m;
    let num = BigInt(int + frac);
    let den = 10n ** BigInt(frac.length);
    const e = Number(exp);
    if (e > 0) num *= 10n ** BigInt(e);
    else if (e < 0) den *= 10n ** BigInt(-e);
    return Rational.of(sign === '-' ? -num : num, den);
  }

  add(o: Rational): Rational {
    return this.den === o.den
      ? Rational.of(this.num + o.num, this.den)
      : Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return this.add(o.neg());
  }
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  /** Quotient, or null when dividing by zero ("no value", never Infinity or NaN). */
  div(o: Rational): Rational | null {
    if (o.num === 0n) return null;
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  /** -1, 0 or 1. */
  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  isInteger(): boolean {
    return this.den === 1n;
  }

  /** Nearest double (one correctly rounded division when both parts are safe integers). */
  toNumber(): number {
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    if (abs(this.num) <= safe && this.den <= safe) return Number(this.num) / Number(this.den);
    return Number(this.toFixed(20));
  }

  /**
   * Exact decimal string with `places` digits after the point, rounded half away from zero
   * (the usual rounding of published statistics: 86.445 → 86.45 at 2 places).
   */
  toFixed(places: number): string {
    if (!Number.isInteger(places) || places < 0)
      throw new RangeError(`places must be a non-negative integer: ${places}`);
    const scale = 10n ** BigInt(places);
    const scaled = abs(this.num) * scale;
    let q = scaled / this.den;
    if ((scaled % this.den) * 2n >= this.den) q += 1n;
    const digits = q.toString().padStart(places + 1, '0');
    const int = digits.slice(0, digits.length - places);
    const frac = digits.slice(digits.length - places);
    const sign = this.num < 0n && q !== 0n ? '-' : '';
    return places === 0 ? `${sign}${int}` : `${sign}${int}.${frac}`;
  }

  /** `num/den`, or `num` for integers. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function integerToBigInt(x: number): bigint {
  if (!Number.isInteger(x)) throw new RangeError(`not an integer: ${x}`);
  if (!Number.isSafeInteger(x))
    throw new RangeError(
      `integer ${x} is beyond 2^53 - 1 and may have lost digits: pass it as a bigint`,
    );
  return BigInt(x);
}
