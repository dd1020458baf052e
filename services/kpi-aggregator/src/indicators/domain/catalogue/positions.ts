/**
 * Where each node of the catalogue sits in the YAML text, so that every problem is reported with
 * its line and column. Positions come from js-yaml's event parser (`parseEvents`), which gives
 * source offsets for every key and value.
 */
import { EVENT_ID, Event, ScalarEvent, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import { CatalogueIssue } from './model';

export interface NodePos {
  /** Offset of the value node. */
  offset: number;
  /** Offset of its key (for mapping members). */
  keyOffset: number | null;
  scalar: ScalarEvent | null;
}

export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointer → position of every node of the first document. */
export function positionsOf(source: string): Map<string, NodePos> {
  const out = new Map<string, NodePos>();
  let events: Event[];
  try {
    events = parseEvents(source, {});
  } catch {
    return out;
  }
  type Frame = {
    kind: 'map' | 'seq';
    path: string;
    index: number;
    key: { name: string; offset: number } | null;
    expectKey: boolean;
  };
  const stack: Frame[] = [];
  let docs = 0;
  const offsetOf = (e: Event): number =>
    e.type === EVENT_ID.SCALAR
      ? e.valueStart
      : e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE
        ? e.start
        : -1;

  for (const e of events) {
    if (e.type === EVENT_ID.DOCUMENT) {
      if (++docs > 1) break;
      continue;
    }
    if (e.type === EVENT_ID.POP) {
      if (stack.length) stack.pop();
      continue;
    }
    const top = stack[stack.length - 1];
    if (top && top.kind === 'map' && top.expectKey) {
      // A key: remember it; complex keys are named by their text.
      const name = e.type === EVENT_ID.SCALAR ? getScalarValue(source, e) : '?';
      top.key = { name, offset: offsetOf(e) };
      top.expectKey = false;
      if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE)
        stack.push({ kind: 'map', path: '#complex-key', index: 0, key: null, expectKey: true });
      continue;
    }
    let path = '';
    let keyOffset: number | null = null;
    if (top) {
      if (top.kind === 'map') {
        path = `${top.path}/${escapePointer(top.key?.name ?? '?')}`;
        keyOffset = top.key?.offset ?? null;
        top.expectKey = true;
      } else {
        path = `${top.path}/${top.index++}`;
      }
    }
    if (!out.has(path))
      out.set(path, {
        offset: offsetOf(e),
        keyOffset,
        scalar: e.type === EVENT_ID.SCALAR ? e : null,
      });
    if (e.type === EVENT_ID.MAPPING)
      stack.push({ kind: 'map', path, index: 0, key: null, expectKey: true });
    else if (e.type === EVENT_ID.SEQUENCE)
      stack.push({ kind: 'seq', path, index: 0, key: null, expectKey: false });
  }
  return out;
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

/** A mapping of the parsed YAML, before it is checked. */
export type Raw = Record<string, unknown>;

/** Collects the problems found, each at the line and column of the node it concerns. */
export class Reporter {
  readonly issues: CatalogueIssue[] = [];
  constructor(
    private readonly file: string,
    readonly lines: LineIndex,
    private readonly pos: Map<string, NodePos>,
  ) {}

  /** Offset of the node of a pointer (or its key, or its nearest ancestor that has a position). */
  locate(path: string, options: { key?: boolean } = {}): number {
    let p = path;
    for (;;) {
      const n = this.pos.get(p);
      if (n)
        return options.key && n.keyOffset !== null
          ? n.keyOffset
          : n.offset >= 0
            ? n.offset
            : (n.keyOffset ?? 0);
      if (p === '') return 0;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  lineOf(path: string): number {
    return this.lines.at(this.locate(path)).line;
  }

  /** Reports at the node of a pointer (see `locate`). */
  at(path: string, message: string, options: { key?: boolean } = {}): void {
    this.atOffset(this.locate(path, options), path, message);
  }

  atOffset(offset: number, path: string, message: string): void {
    const { line, column } = this.lines.at(offset);
    this.issues.push({ file: this.file, line, column, path, message });
  }

  /** Maps a position inside a formula string back to the file. */
  formulaOffset(
    path: string,
    value: string,
    formulaOffset: number,
    formulaLine: number,
    formulaColumn: number,
  ): number | null {
    const n = this.pos.get(path);
    if (!n?.scalar) return null;
    const s = n.scalar;
    const raw = this.lines.text.slice(s.valueStart, s.valueEnd);
    if (s.style === SCALAR_STYLE.LITERAL_BLOCK && s.indent >= 0) {
      // Each line of the value is a line of the block, shifted by the block's indentation.
      const lineStarts = [0];
      for (let i = 0; i < raw.length; i++) if (raw[i] === '\n') lineStarts.push(i + 1);
      const start = lineStarts[formulaLine - 1];
      return start === undefined ? null : s.valueStart + start + s.indent + formulaColumn - 1;
    }
    const at = raw.indexOf(value);
    if (at >= 0 && raw.indexOf(value, at + 1) < 0) return s.valueStart + at + formulaOffset;
    return null;
  }
}
