/**
 * The indicator formula language: a numerator or a denominator over data elements.
 *
 *   formula    := expr                                   (must be a number, not a comparison)
 *   expr       := additive [ cmp additive ]              cmp: < <= > >= == !=  (not chainable)
 *   additive   := term { (+ | -) term }
 *   term       := unary { (* | /) unary }
 *   unary      := (- | +) unary | primary
 *   primary    := NUMBER | #{element.name} | fn ( expr { , expr } ) | ( expr )
 *   fn         := sum | min | max | if
 *
 * - NUMBER is a decimal literal (`100`, `0.65`), read exactly; element names are letters, digits,
 *   `.`, `_` and `-` (`#{applications.online}`). Whitespace and line breaks are free.
 * - A comparison is a condition, usable only as the first argument of `if(cond, then, else)`;
 *   anywhere else it is a parse error (no silent true=1). There are no `&&`/`||`: nest `if`s.
 *
 * Arithmetic is exact (see `Rational`): data values may be numbers or bigints (VND amounts above
 * 2^53), and the result is a `Rational` or `null`. `null` means "no value" and follows these
 * rules:
 * - `x / 0` is null (never Infinity or NaN);
 * - a missing element (absent from the values map) is 0 by default (`missing: 'zero'`: no event
 *   counted means zero counted); with `missing: 'null'` it is null; an element listed in
 *   `pending` (its source events do not exist yet) is null when absent, whatever `missing` says,
 *   so an indicator that cannot be measured shows "no value" rather than a false 0 %;
 * - null propagates through + - * / , comparisons and `if` (a null condition gives null);
 * - `sum`, `min`, `max` skip null arguments and are null only when all arguments are null.
 *
 * Errors (`FormulaError`) carry the 1-based line and column inside the formula text, the
 * offset, and a reason written for the person who edits the catalogue.
 */
import { Rational } from './rational';

export { Rational } from './rational';

export interface SourcePos {
  /** 0-based offset in the formula text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';
export type FunctionName = 'sum' | 'min' | 'max' | 'if';

export type Expr =
  | { kind: 'number'; value: Rational; text: string; pos: SourcePos }
  | { kind: 'ref'; name: string; pos: SourcePos }
  | { kind: 'neg'; operand: Expr; pos: SourcePos }
  | { kind: 'binary'; op: ArithOp; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; pos: SourcePos }
  | { kind: 'call'; fn: FunctionName; args: Expr[]; pos: SourcePos };

export class FormulaError extends Error {
  constructor(
    readonly reason: string,
    readonly pos: SourcePos,
    readonly formula: string,
  ) {
    super(`${reason} (line ${pos.line}, column ${pos.column})`);
    this.name = 'FormulaError';
  }
}

/** A parsed formula: the text, its syntax tree, and the data elements it reads (sorted, unique). */
export interface Formula {
  text: string;
  ast: Expr;
  references: string[];
}

export const FUNCTIONS: Readonly<Record<FunctionName, { min: number; max: number }>> = {
  sum: { min: 1, max: Infinity },
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  if: { min: 3, max: 3 },
};

/** Deeper nesting than this is refused (a catalogue formula never needs it; it keeps the stack safe). */
export const MAX_DEPTH = 64;
export const MAX_LENGTH = 4000;

// ---------------------------------------------------------------------------------------------
// Tokenizer

type TokenKind = 'number' | 'ref' | 'ident' | 'op' | '(' | ')' | ',' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  pos: SourcePos;
}

const ELEMENT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const posAt = (offset: number): SourcePos => ({ offset, line, column: offset - lineStart + 1 });
  const fail = (reason: string, offset: number): never => {
    throw new FormulaError(reason, posAt(offset), text);
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      i = numberEnd(text, start, fail);
      tokens.push({ kind: 'number', text: text.slice(start, i), pos: posAt(start) });
      continue;
    }
    if (c === '.')
      fail(
        `a number must start with a digit: write 0${readWhile(text, i + 1, isDigit) ? '.' + readWhile(text, i + 1, isDigit) : '.5'}`,
        start,
      );
    if (c === '#') {
      const { name, close } = reference(text, start, fail);
      tokens.push({ kind: 'ref', text: name, pos: posAt(start) });
      i = close + 1;
      continue;
    }
    if (isIdentStart(c)) {
      while (isIdentChar(text[i])) i++;
      tokens.push({ kind: 'ident', text: text.slice(start, i), pos: posAt(start) });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
      tokens.push({ kind: 'op', text: two, pos: posAt(start) });
      i += 2;
      continue;
    }
    if (two === '&&' || two === '||')
      fail(`'${two}' is not supported: nest if(...) calls instead`, start);
    if (c === '=') fail(`'=' is not an operator: write '==' to compare`, start);
    if (c === '!') fail(`'!' is not an operator: write '!=' to compare`, start);
    if ('+-*/<>'.includes(c)) {
      tokens.push({ kind: 'op', text: c, pos: posAt(start) });
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, pos: posAt(start) });
      i++;
      continue;
    }
    if (c === '%') fail(`'%' is not an operator: the indicator's unit gives the scale`, start);
    fail(`unexpected character '${c}'`, start);
  }
  tokens.push({ kind: 'eof', text: '', pos: posAt(i) });
  return tokens;
}

type Fail = (reason: string, offset: number) => never;

/** The end of the number starting at `start` (digits, optionally a point and digits). */
function numberEnd(text: string, start: number, fail: Fail): number {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.') {
    i++;
    if (!isDigit(text[i]))
      fail(`a decimal point must be followed by digits in '${text.slice(start, i)}'`, start);
    while (isDigit(text[i])) i++;
  }
  if (isIdentChar(text[i]) || text[i] === '.')
    fail(`malformed number '${text.slice(start, i + 1)}'`, start);
  return i;
}

/** The data element reference `#{name}` starting at `start`: its name and its closing brace. */
function reference(text: string, start: number, fail: Fail): { name: string; close: number } {
  const i = start;
  if (text[i + 1] !== '{')
    fail(`'#' must start a data element reference like #{applications.online}`, start);
  const close = text.indexOf('}', i + 2);
  const newline = text.indexOf('\n', i + 2);
  if (close < 0 || (newline >= 0 && newline < close))
    fail(`unterminated data element reference: missing '}'`, start);
  const name = text.slice(i + 2, close);
  if (name.trim() === '') fail('empty data element reference #{}', start);
  if (!ELEMENT_NAME.test(name)) {
    const bad = [...name].findIndex(
      (ch, k) => !(isIdentChar(ch) || ((ch === '.' || ch === '-') && k > 0)),
    );
    fail(
      `invalid character '${name[bad]}' in data element name '${name}' (allowed: letters, digits, '.', '_', '-')`,
      i + 2 + Math.max(bad, 0),
    );
  }
  return { name, close };
}

function readWhile(text: string, from: number, pred: (c: string | undefined) => boolean): string {
  let j = from;
  while (pred(text[j])) j++;
  return text.slice(from, j);
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isIdentStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}
function isIdentChar(c: string | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

// ---------------------------------------------------------------------------------------------
// Parser

const COMPARE_OPS = new Set(['<', '<=', '>', '>=', '==', '!=']);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  /** The current token (a method, not a getter, so TypeScript does not keep narrowing it across advances). */
  private cur(): Token {
    return this.tokens[this.i];
  }
  private fail(reason: string, pos: SourcePos = this.cur().pos): never {
    throw new FormulaError(reason, pos, this.text);
  }
  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of formula' : t.kind === 'ref' ? `#{${t.text}}` : `'${t.text}'`;
  }

  parseFormula(): Expr {
    if (this.cur().kind === 'eof') this.fail('empty formula');
    const e = this.expr();
    if (this.cur().kind !== 'eof') {
      const t = this.cur();
      if (t.kind === ')') this.fail(`unmatched ')'`);
      this.fail(`unexpected ${this.describe(t)} after a complete expression: missing an operator?`);
    }
    this.requireNumber(e);
    return e;
  }

  /** Parses a comparison or an arithmetic expression. */
  private expr(): Expr {
    if (++this.depth > MAX_DEPTH) this.fail(`formula nested deeper than ${MAX_DEPTH} levels`);
    const left = this.additive();
    let result = left;
    if (this.cur().kind === 'op' && COMPARE_OPS.has(this.cur().text)) {
      const opTok = this.cur();
      this.i++;
      const right = this.additive();
      this.requireNumber(left);
      this.requireNumber(right);
      result = { kind: 'compare', op: opTok.text as CompareOp, left, right, pos: opTok.pos };
      if (this.cur().kind === 'op' && COMPARE_OPS.has(this.cur().text))
        this.fail(`comparisons cannot be chained: use nested if(...)`);
    }
    this.depth--;
    return result;
  }

  private additive(): Expr {
    let left = this.term();
    while (this.cur().kind === 'op' && (this.cur().text === '+' || this.cur().text === '-')) {
      const opTok = this.cur();
      this.i++;
      const right = this.term();
      this.requireNumber(left);
      this.requireNumber(right);
      left = { kind: 'binary', op: opTok.text as ArithOp, left, right, pos: opTok.pos };
    }
    return left;
  }

  private term(): Expr {
    let left = this.unary();
    while (this.cur().kind === 'op' && (this.cur().text === '*' || this.cur().text === '/')) {
      const opTok = this.cur();
      this.i++;
      const right = this.unary();
      this.requireNumber(left);
      this.requireNumber(right);
      left = { kind: 'binary', op: opTok.text as ArithOp, left, right, pos: opTok.pos };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.cur();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      if (++this.depth > MAX_DEPTH) this.fail(`formula nested deeper than ${MAX_DEPTH} levels`);
      this.i++;
      const operand = this.unary();
      this.requireNumber(operand);
      this.depth--;
      return t.text === '+' ? operand : { kind: 'neg', operand, pos: t.pos };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.cur();
    switch (t.kind) {
      case 'number':
        this.i++;
        return { kind: 'number', value: Rational.parseDecimal(t.text), text: t.text, pos: t.pos };
      case 'ref':
        this.i++;
        return { kind: 'ref', name: t.text, pos: t.pos };
      case '(': {
        this.i++;
        const inner = this.expr();
        if (this.cur().kind !== ')')
          this.fail(
            `expected ')' to close the '(' at line ${t.pos.line}, column ${t.pos.column}, found ${this.describe(this.cur())}`,
          );
        this.i++;
        return inner;
      }
      case 'ident':
        return this.call();
      case 'eof':
        return this.fail('unexpected end of formula: an operand is missing');
      default:
        return this.fail(
          `unexpected ${this.describe(t)}: expected a number, #{element}, a function or '('`,
        );
    }
  }

  private call(): Expr {
    const nameTok = this.cur();
    const name = nameTok.text;
    if (!(name in FUNCTIONS)) {
      const lower = name.toLowerCase();
      const hint =
        lower in FUNCTIONS
          ? ` (did you mean '${lower}'?)`
          : ` (known: ${Object.keys(FUNCTIONS).join(', ')})`;
      this.fail(
        this.tokens[this.i + 1]?.kind === '('
          ? `unknown function '${name}'${hint}`
          : `unexpected name '${name}': data elements are written #{${name}}`,
        nameTok.pos,
      );
    }
    const fn = name as FunctionName;
    this.i++;
    if (this.cur().kind !== '(') this.fail(`expected '(' after function name '${fn}'`);
    this.i++;
    const args: Expr[] = [];
    if (this.cur().kind === ')')
      this.fail(
        `${fn}() needs at least ${FUNCTIONS[fn].min} argument${FUNCTIONS[fn].min > 1 ? 's' : ''}`,
      );
    for (;;) {
      args.push(this.expr());
      if (this.cur().kind === ',') {
        this.i++;
        continue;
      }
      if (this.cur().kind === ')') break;
      this.fail(
        `expected ',' or ')' in the arguments of ${fn}(), found ${this.describe(this.cur())}`,
      );
    }
    this.i++;
    const { min, max } = FUNCTIONS[fn];
    if (args.length < min || args.length > max) {
      this.fail(
        fn === 'if'
          ? `if() takes 3 arguments (condition, then, else), got ${args.length}`
          : `${fn}() needs at least ${min} argument`,
        nameTok.pos,
      );
    }
    if (fn === 'if') {
      if (args[0].kind !== 'compare')
        this.fail(`the first argument of if() must be a comparison such as #{a} > 0`, args[0].pos);
      this.requireNumber(args[1]);
      this.requireNumber(args[2]);
    } else {
      args.forEach((a) => this.requireNumber(a));
    }
    return { kind: 'call', fn, args, pos: nameTok.pos };
  }

  private requireNumber(e: Expr): void {
    if (e.kind === 'compare')
      this.fail(
        `a comparison ('${e.op}') gives a condition, not a number: use it as the first argument of if()`,
        e.pos,
      );
  }
}

/** Parses a formula; throws `FormulaError` with the line and column of the first problem. */
export function parseFormula(text: string): Formula {
  if (text.length > MAX_LENGTH)
    throw new FormulaError(
      `formula longer than ${MAX_LENGTH} characters`,
      { offset: 0, line: 1, column: 1 },
      text,
    );
  const ast = new Parser(tokenize(text), text).parseFormula();
  return { text, ast, references: referencesOf(ast) };
}

/** Data element names read by an expression, sorted and unique. */
export function referencesOf(e: Expr): string[] {
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'ref':
        out.add(x.name);
        return;
      case 'neg':
        walk(x.operand);
        return;
      case 'binary':
      case 'compare':
        walk(x.left);
        walk(x.right);
        return;
      case 'call':
        x.args.forEach(walk);
        return;
      case 'number':
        return;
    }
  };
  walk(e);
  return [...out].sort();
}

/** Each reference with its position, in source order (for error reports pointing at one). */
export function referencePositions(e: Expr): Array<{ name: string; pos: SourcePos }> {
  const out: Array<{ name: string; pos: SourcePos }> = [];
  const walk = (x: Expr): void => {
    if (x.kind === 'ref') out.push({ name: x.name, pos: x.pos });
    else if (x.kind === 'neg') walk(x.operand);
    else if (x.kind === 'binary' || x.kind === 'compare') {
      walk(x.left);
      walk(x.right);
    } else if (x.kind === 'call') x.args.forEach(walk);
  };
  walk(e);
  return out.sort((a, b) => a.pos.offset - b.pos.offset);
}

// ---------------------------------------------------------------------------------------------
// Printer (canonical text, minimal parentheses; parse(format(e)) has the same structure as e)

const PREC: Record<ArithOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'ref':
      return `#{${e.name}}`;
    case 'neg': {
      const inner = formatExpr(e.operand);
      return e.operand.kind === 'binary' ? `-(${inner})` : `-${inner}`;
    }
    case 'binary': {
      const p = PREC[e.op];
      const l =
        e.left.kind === 'binary' && PREC[e.left.op] < p
          ? `(${formatExpr(e.left)})`
          : formatExpr(e.left);
      // Left-associative: a right operand of equal precedence needs parentheses (a - (b - c)).
      const r =
        e.right.kind === 'binary' && PREC[e.right.op] <= p
          ? `(${formatExpr(e.right)})`
          : formatExpr(e.right);
      return `${l} ${e.op} ${r}`;
    }
    case 'compare':
      return `${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)}`;
    case 'call':
      return `${e.fn}(${e.args.map(formatExpr).join(', ')})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type DataValues = ReadonlyMap<string, number | bigint | Rational>;

export interface EvaluateOptions {
  /** What an element absent from the values map is worth. Default 'zero'. */
  missing?: 'zero' | 'null';
  /** Elements whose sources do not exist yet: absent means null even when `missing` is 'zero'. */
  pending?: ReadonlySet<string>;
}

/** Evaluates a numeric expression exactly; null is "no value" (see the rules at the top). */
export function evaluate(
  e: Expr | Formula,
  values: DataValues,
  options: EvaluateOptions = {},
): Rational | null {
  const ast = 'ast' in e ? e.ast : e;
  const missing = options.missing ?? 'zero';
  const pending = options.pending;
  const cache = new Map<string, Rational | null>();

  const lookup = (name: string): Rational | null => {
    if (cache.has(name)) return cache.get(name)!;
    const raw = values.get(name);
    let v: Rational | null;
    if (raw === undefined) v = pending?.has(name) || missing === 'null' ? null : Rational.ZERO;
    else v = raw instanceof Rational ? raw : Rational.from(raw);
    cache.set(name, v);
    return v;
  };

  const num = (x: Expr): Rational | null => {
    switch (x.kind) {
      case 'number':
        return x.value;
      case 'ref':
        return lookup(x.name);
      case 'neg': {
        const v = num(x.operand);
        return v === null ? null : v.neg();
      }
      case 'binary': {
        const l = num(x.left);
        const r = num(x.right);
        if (l === null || r === null) return null;
        switch (x.op) {
          case '+':
            return l.add(r);
          case '-':
            return l.sub(r);
          case '*':
            return l.mul(r);
          case '/':
            return l.div(r);
        }
        return null;
      }
      case 'call': {
        if (x.fn === 'if') {
          const c = cond(x.args[0]);
          return c === null ? null : num(c ? x.args[1] : x.args[2]);
        }
        const vs = x.args.map(num).filter((v): v is Rational => v !== null);
        if (vs.length === 0) return null;
        if (x.fn === 'sum') return vs.reduce((a, b) => a.add(b));
        if (x.fn === 'min') return vs.reduce((a, b) => (b.cmp(a) < 0 ? b : a));
        return vs.reduce((a, b) => (b.cmp(a) > 0 ? b : a));
      }
      case 'compare':
        // The parser only lets a comparison stand as the condition of if().
        throw new FormulaError('a comparison gives a condition, not a number', x.pos, '');
    }
  };

  const cond = (x: Expr): boolean | null => {
    if (x.kind !== 'compare') throw new FormulaError('expected a comparison', x.pos, '');
    const l = num(x.left);
    const r = num(x.right);
    if (l === null || r === null) return null;
    const c = l.cmp(r);
    switch (x.op) {
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      case '>=':
        return c >= 0;
      case '==':
        return c === 0;
      case '!=':
        return c !== 0;
    }
  };

  return num(ast);
}

/** Parses and evaluates in one step (tests, ad-hoc use). */
export function evaluateFormula(
  text: string,
  values: DataValues,
  options?: EvaluateOptions,
): Rational | null {
  return evaluate(parseFormula(text), values, options);
}
