import fc from 'fast-check';
import {
  evaluate,
  evaluateFormula,
  Expr,
  formatExpr,
  FormulaError,
  parseFormula,
  Rational,
  referencesOf,
} from './formula';

const values = (o: Record<string, number | bigint>) => new Map(Object.entries(o));
const ev = (
  text: string,
  o: Record<string, number | bigint> = {},
  opts?: Parameters<typeof evaluate>[2],
) => {
  const r = evaluateFormula(text, values(o), opts);
  return r === null ? null : r.toString();
};
const err = (text: string): FormulaError => {
  try {
    parseFormula(text);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`expected a FormulaError for ${JSON.stringify(text)}`);
};

describe('Rational', () => {
  it('normalises sign and common factors', () => {
    expect(Rational.of(6, -4).toString()).toBe('-3/2');
    expect(Rational.of(0, -7).toString()).toBe('0');
    expect(Rational.of(10n, 5n).eq(Rational.of(2))).toBe(true);
  });

  it('reads decimals exactly, including what a double prints', () => {
    expect(Rational.from(0.1).toString()).toBe('1/10');
    expect(Rational.from(86.45).toString()).toBe('1729/20');
    expect(Rational.from(1e-7).toString()).toBe('1/10000000');
    expect(Rational.parseDecimal('-0.65').toString()).toBe('-13/20');
    expect(Rational.parseDecimal('1.5e3').toString()).toBe('1500');
  });

  it('refuses unsafe integers as numbers (digits may be lost already) but takes them as bigint', () => {
    expect(() => Rational.from(2 ** 53)).toThrow(/bigint/);
    expect(Rational.from(2n ** 80n).toString()).toBe((2n ** 80n).toString());
    expect(() => Rational.from(NaN)).toThrow(/finite/);
    expect(() => Rational.from(Infinity)).toThrow(/finite/);
  });

  it('rounds half away from zero in toFixed', () => {
    expect(Rational.parseDecimal('86.445').toFixed(2)).toBe('86.45');
    expect(Rational.parseDecimal('-86.445').toFixed(2)).toBe('-86.45');
    expect(Rational.of(2, 3).toFixed(4)).toBe('0.6667');
    expect(Rational.of(1, 3).toFixed(0)).toBe('0');
    expect(Rational.of(-1, 3).toFixed(2)).toBe('-0.33');
    expect(Rational.of(-1, 1000).toFixed(2)).toBe('0.00');
    expect(Rational.of(5).toFixed(3)).toBe('5.000');
  });

  it('converts to number, also beyond 2^53', () => {
    expect(Rational.of(1, 3).toNumber()).toBe(1 / 3);
    expect(Rational.of(10n ** 30n, 3n).toNumber()).toBeCloseTo(3.333333333333333e29, -15);
  });

  it('returns null on division by zero and compares exactly', () => {
    expect(Rational.ONE.div(Rational.ZERO)).toBeNull();
    expect(Rational.of(1, 3).cmp(Rational.of(333333333, 1000000000))).toBe(1);
    expect(Rational.of(2, 4).cmp(Rational.of(1, 2))).toBe(0);
  });
});

describe('formula: evaluation', () => {
  it.each([
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 - 4 - 3', '3'], // left-associative
    ['100 / 10 / 5', '2'], // left-associative
    ['2 * 3 / 4', '3/2'],
    ['-2 * 3', '-6'],
    ['- -2', '2'],
    ['+5', '5'],
    ['-(1 + 2) * 2', '-6'],
    ['1 - -1', '2'],
    ['0.1 + 0.2', '3/10'],
    ['7 / 2', '7/2'],
    ['((((1))))', '1'],
    ['sum(1, 2, 3)', '6'],
    ['min(4, 2, 9)', '2'],
    ['max(4, 2, 9)', '9'],
    ['max(-1, -5)', '-1'],
    ['sum(1)', '1'],
    ['if(1 < 2, 10, 20)', '10'],
    ['if(2 <= 2, 10, 20)', '10'],
    ['if(2 > 2, 10, 20)', '20'],
    ['if(2 >= 3, 10, 20)', '20'],
    ['if(0.1 + 0.2 == 0.3, 1, 0)', '1'], // exact: no float drift
    ['if(1 != 1, 1, 0)', '0'],
    ['if(1 < 2, if(3 < 2, 1, 2), 3)', '2'],
    ['2 * if(1 == 1, 3, 4) + 1', '7'],
    ['if((1 < 2), 5, 6)', '5'], // a parenthesised condition
  ])('%s = %s', (text, expected) => {
    expect(ev(text)).toBe(expected);
  });

  it('reads data elements', () => {
    expect(
      ev('#{applications.online} + #{applications.portal}', {
        'applications.online': 30,
        'applications.portal': 12,
      }),
    ).toBe('42');
    expect(
      ev('(#{a.online} + #{a.portal}) / #{a.total} * 100', {
        'a.online': 1,
        'a.portal': 1,
        'a.total': 3,
      }),
    ).toBe('200/3');
  });

  it('keeps percentages of integer sums exact (no float drift)', () => {
    // 0.1 + 0.2 style drift: 1/10 of the total ten times, summed and divided.
    const v = values(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, 1])));
    const text = `(${Array.from({ length: 10 }, (_, i) => `#{p${i}}`).join(' + ')}) / 10 * 100`;
    expect(evaluateFormula(text, v)!.toString()).toBe('100');
    // 2024 urban cashless share from 000: 86.45 %.
    expect(
      evaluateFormula(
        '#{cashless} / #{total} * 100',
        values({ cashless: 8645, total: 10000 }),
      )!.toFixed(2),
    ).toBe('86.45');
    expect(evaluateFormula('#{a} / #{b} * 100', values({ a: 1, b: 3 }))!.toFixed(2)).toBe('33.33');
  });

  it('sums VND amounts beyond 2^53 exactly with bigint values', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a double
    const r = evaluateFormula('#{fees.a} + #{fees.b}', values({ 'fees.a': big, 'fees.b': 2n }))!;
    expect(r.toString()).toBe('9007199254740995');
    const share = evaluateFormula('#{paid} / #{due} * 100', values({ paid: big, due: big * 2n }))!;
    expect(share.toString()).toBe('50');
    // Mixed number and bigint inputs.
    expect(evaluateFormula('sum(#{x}, #{y})', values({ x: 1, y: 10n ** 20n }))!.toString()).toBe(
      '100000000000000000001',
    );
  });

  it('accepts Rational values too', () => {
    expect(
      evaluate(parseFormula('#{x} * 3'), new Map([['x', Rational.of(1, 3)]]))!.toString(),
    ).toBe('1');
  });

  describe('no value (null)', () => {
    it('division by zero is null, and null propagates', () => {
      expect(ev('1 / 0')).toBeNull();
      expect(ev('0 / 0')).toBeNull();
      expect(ev('#{a} / #{b}', { a: 5, b: 0 })).toBeNull();
      expect(ev('1 + 1 / 0')).toBeNull();
      expect(ev('-(1 / 0)')).toBeNull();
      expect(ev('(1 / 0) * 0')).toBeNull();
      expect(ev('if(1 / 0 > 0, 1, 2)')).toBeNull(); // unknown condition
      expect(ev('if(1 > 0, 1, 1 / 0)')).toBe('1'); // the branch not taken does not matter
    });

    it('sum, min and max skip nulls and are null only when all are', () => {
      expect(ev('sum(1, 1 / 0, 2)')).toBe('3');
      expect(ev('min(1 / 0, 5)')).toBe('5');
      expect(ev('max(1 / 0, 1 / 0)')).toBeNull();
    });

    it('a missing element is 0 by default', () => {
      expect(ev('#{a} + #{b}', { a: 4 })).toBe('4');
      expect(ev('#{a} / #{b}', { a: 4 })).toBeNull(); // 4 / 0
    });

    it("a missing element is null with missing: 'null'", () => {
      expect(ev('#{a} + #{b}', { a: 4 }, { missing: 'null' })).toBeNull();
      expect(ev('sum(#{a}, #{b})', { a: 4 }, { missing: 'null' })).toBe('4');
    });

    it('a missing pending element is null even when missing is zero, but a value given is used', () => {
      const pending = new Set(['records.learners_signed']);
      expect(
        ev('#{records.learners_signed} / #{learners}', { learners: 10 }, { pending }),
      ).toBeNull();
      expect(
        ev(
          '#{records.learners_signed} / #{learners}',
          { learners: 10, 'records.learners_signed': 5 },
          { pending },
        ),
      ).toBe('1/2');
    });
  });

  it('lists references sorted and unique', () => {
    expect(parseFormula('#{b} + #{a} * #{b} + if(#{c} > 0, 1, 0)').references).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(referencesOf(parseFormula('1 + 2').ast)).toEqual([]);
  });

  it('allows line breaks and tabs', () => {
    expect(ev('#{a}\n  +\t#{b}\r\n', { a: 1, b: 2 })).toBe('3');
  });
});

describe('formula: syntax tree and precedence', () => {
  const shape = (e: Expr): unknown => {
    switch (e.kind) {
      case 'number':
        return e.text;
      case 'ref':
        return `#${e.name}`;
      case 'neg':
        return ['neg', shape(e.operand)];
      case 'binary':
      case 'compare':
        return [e.op, shape(e.left), shape(e.right)];
      case 'call':
        return [e.fn, ...e.args.map(shape)];
    }
  };
  it.each([
    ['1 + 2 * 3', ['+', '1', ['*', '2', '3']]],
    ['1 * 2 + 3', ['+', ['*', '1', '2'], '3']],
    ['1 - 2 - 3', ['-', ['-', '1', '2'], '3']],
    ['1 - (2 - 3)', ['-', '1', ['-', '2', '3']]],
    ['-1 * 2', ['*', ['neg', '1'], '2']],
    ['#{a} / #{b} * 100', ['*', ['/', '#a', '#b'], '100']],
    ['if(#{a} + 1 > 2 * #{b}, 1, 0)', ['if', ['>', ['+', '#a', '1'], ['*', '2', '#b']], '1', '0']],
  ])('%s', (text, expected) => {
    expect(shape(parseFormula(text).ast)).toEqual(expected);
  });

  it('records positions of nodes', () => {
    const f = parseFormula('#{a}\n  + #{b}');
    expect(f.ast.kind).toBe('binary');
    expect(f.ast.pos).toEqual({ offset: 7, line: 2, column: 3 });
  });
});

describe('formula: errors carry line, column and a reason', () => {
  it.each([
    ['', 'empty formula', 1, 1],
    ['   ', 'empty formula', 1, 4],
    ['1 +', 'unexpected end of formula', 1, 4],
    ['1 + * 2', "unexpected '*'", 1, 5],
    ['(1 + 2', "expected ')' to close the '(' at line 1, column 1", 1, 7],
    ['1 + 2)', "unmatched ')'", 1, 6],
    ['1 2', 'missing an operator', 1, 3],
    ['#{a} #{b}', 'missing an operator', 1, 6],
    ['#{a', "missing '}'", 1, 1],
    ['#{}', 'empty data element reference', 1, 1],
    ['#{a b}', "invalid character ' '", 1, 4],
    ['#a', "'#' must start a data element reference", 1, 1],
    ['foo(1)', "unknown function 'foo'", 1, 1],
    ['SUM(1)', "did you mean 'sum'", 1, 1],
    ['applications', 'data elements are written #{applications}', 1, 1],
    ['if(1 > 0, 1)', 'if() takes 3 arguments', 1, 1],
    ['if(1, 2, 3)', 'first argument of if() must be a comparison', 1, 4],
    ['sum()', 'sum() needs at least 1 argument', 1, 5],
    ['sum(1 2)', "expected ',' or ')'", 1, 7],
    ['1 < 2', 'gives a condition, not a number', 1, 3],
    ['1 + (2 < 3)', 'gives a condition, not a number', 1, 8],
    ['if(1 < 2 < 3, 1, 0)', 'cannot be chained', 1, 10],
    ['sum(1 < 2)', 'gives a condition, not a number', 1, 7],
    ['1 = 1', "write '=='", 1, 3],
    ['if(1 > 0 && 2 > 0, 1, 0)', "'&&' is not supported", 1, 10],
    ['#{a} % 2', "'%' is not an operator", 1, 6],
    ['1..2', 'decimal point must be followed by digits', 1, 1],
    ['.5', 'write 0.5', 1, 1],
    ['2x', "malformed number '2x'", 1, 1],
    ['1 + @', "unexpected character '@'", 1, 5],
    ['#{a}\n+ \n  *', "unexpected '*'", 3, 3],
    ['sum(#{a},\n    #{b} +)', "unexpected ')'", 2, 11],
  ])('%j → %s at %i:%i', (text, reason, line, column) => {
    const e = err(text);
    expect(e.reason).toContain(reason);
    expect([e.pos.line, e.pos.column]).toEqual([line, column]);
    expect(e.message).toContain(`line ${line}, column ${column}`);
  });

  it('refuses runaway nesting and length', () => {
    expect(err('('.repeat(100) + '1' + ')'.repeat(100)).reason).toMatch(/nested deeper/);
    expect(err('-'.repeat(100) + '1').reason).toMatch(/nested deeper/);
    expect(err('1+'.repeat(3000) + '1').reason).toMatch(/longer than/);
  });
});

describe('formula: properties', () => {
  const names = fc.constantFrom('a', 'b', 'c.d', 'fees.amount_cashless');
  const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'e' },
      fc.integer({ min: 0, max: 1000 }).map(String),
      names.map((n) => `#{${n}}`),
      fc
        .tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e'))
        .map(([l, op, r]) => `${l} ${op} ${r}`),
      tie('e').map((x) => `(${x})`),
      tie('e').map((x) => `-${x}`),
      fc
        .tuple(
          fc.constantFrom('sum', 'min', 'max'),
          fc.array(tie('e'), { minLength: 1, maxLength: 3 }),
        )
        .map(([f, a]) => `${f}(${a.join(', ')})`),
      fc
        .tuple(
          tie('e'),
          fc.constantFrom('<', '<=', '>', '>=', '==', '!='),
          tie('e'),
          tie('e'),
          tie('e'),
        )
        .map(([a, op, b, t, f]) => `if(${a} ${op} ${b}, ${t}, ${f})`),
    ),
  })).e;
  const env = fc.record({
    a: fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
    b: fc.integer({ min: -1000, max: 1000 }),
    'c.d': fc.integer({ min: 0, max: 5 }),
  });

  it('format(parse(x)) parses back to the same value and the same text', () => {
    fc.assert(
      fc.property(exprArb, env, (text, o) => {
        const f = parseFormula(text);
        const printed = formatExpr(f.ast);
        const again = parseFormula(printed);
        expect(formatExpr(again.ast)).toBe(printed);
        const v = values(o);
        const x = evaluate(f, v);
        const y = evaluate(again, v);
        expect(x === null ? null : x.toString()).toBe(y === null ? null : y.toString());
      }),
      { numRuns: 300 },
    );
  });

  it('a sum of integers is exactly the bigint sum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 17n }), { minLength: 1, maxLength: 30 }),
        (xs) => {
          const text = xs.map((_, i) => `#{v${i}}`).join(' + ');
          const r = evaluateFormula(text, new Map(xs.map((x, i) => [`v${i}`, x])))!;
          expect(r.toString()).toBe(xs.reduce((a, b) => a + b, 0n).toString());
        },
      ),
    );
  });

  it('never throws on arbitrary input other than FormulaError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        try {
          parseFormula(s);
        } catch (e) {
          expect(e).toBeInstanceOf(FormulaError);
          const fe = e as FormulaError;
          expect(fe.pos.line).toBeGreaterThanOrEqual(1);
          expect(fe.pos.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
