/**
 * Pure checks on request input, run before anything interprets it: how deep a JSON text nests
 * (scanned on the raw text, so a deeply nested body never reaches JSON.parse or the validators'
 * recursion) and control characters in strings (a NUL ends a C string in PostgreSQL, others
 * hide text in logs and exports). Tabs and line breaks are ordinary free text.
 */

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** Path of a field as the validation errors name it: `items.2.name`. */
const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

/**
 * The path of the first string (value or key) holding a control character, or undefined.
 * Iterative, so it stays safe whatever the depth.
 */
export function findControlCharacter(value: unknown, root = ''): string | undefined {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return path === '' ? 'body' : path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, i)]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        if (CONTROL.test(k)) return join(path, k.replace(CONTROL, '?'));
        stack.push([(v as Record<string, unknown>)[k], join(path, k)]);
      }
    }
  }
  return undefined;
}

/**
 * Scans a JSON text and returns the path of the first container nested deeper than maxDepth
 * (objects and arrays count one level each), or undefined. Linear, no recursion; it reads only
 * the structure, so malformed text is left to JSON.parse.
 */
export function findTooDeep(text: string, maxDepth: number): string | undefined {
  // Per open container: its kind, the key or index being read.
  const stack: Array<{ array: boolean; index: number; key: string; expectKey: boolean }> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.key = readKey(text.slice(start, i + 1));
        top.expectKey = false;
      }
      i++;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ array: c === 0x5b, index: 0, key: '', expectKey: c === 0x7b });
      if (stack.length > maxDepth) return pathOf(stack.slice(0, -1));
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else if (top) top.expectKey = true;
    }
    i++;
  }
  return undefined;
}

function readKey(literal: string): string {
  try {
    const key = JSON.parse(literal) as string;
    return key.length > 100 ? `${key.slice(0, 100)}…` : key.replace(CONTROL, '?');
  } catch {
    return '?';
  }
}

function pathOf(stack: Array<{ array: boolean; index: number; key: string }>): string {
  const parts = stack.map((s) => (s.array ? String(s.index) : s.key));
  return parts.length === 0 ? 'body' : parts.join('.');
}
