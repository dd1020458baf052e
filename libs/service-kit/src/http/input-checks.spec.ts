import { findControlCharacter, findTooDeep, hasControlCharacter } from './input-checks';

describe('findTooDeep', () => {
  it('accepts nesting up to the maximum and names where it goes deeper', () => {
    expect(findTooDeep('{"a":{"b":[1,2]}}', 3)).toBeUndefined();
    expect(findTooDeep('{"a":{"b":[1,{"c":1}]}}', 3)).toBe('a.b.1');
    expect(findTooDeep('[[[[]]]]', 3)).toBe('0.0.0');
    expect(findTooDeep('[' + '['.repeat(100000), 32)).toBeDefined();
  });

  it('ignores brackets inside strings, with escaped quotes', () => {
    expect(findTooDeep('{"a":"[[[[\\"{{{{"}', 2)).toBeUndefined();
    expect(findTooDeep('{"x\\"y":1, "b":{"c":{}}}', 2)).toBe('b.c');
  });
});

describe('findControlCharacter', () => {
  it('names the first string holding a control character; tabs and newlines are fine', () => {
    expect(findControlCharacter({ note: 'line 1\nline 2\tend\r\n' })).toBeUndefined();
    expect(findControlCharacter({ items: [{ name: 'ok' }, { name: 'a\u0000b' }] })).toBe(
      'items.1.name',
    );
    expect(findControlCharacter({ ['k\u0001']: 1 })).toBe('k?');
    expect(findControlCharacter('\u001b[31m')).toBe('body');
    expect(findControlCharacter({ id: 'x\u0085' }, 'params')).toBe('params.id');
    expect(hasControlCharacter('Nguyễn Văn A')).toBe(false);
  });
});
