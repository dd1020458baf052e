import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader for the diploma tests (pdfkit's output: uncompressed xref, direct
 * /Length, Type0 fonts with a ToUnicode CMap): the pages, their text in drawing order, and the
 * embedded files. Not a general PDF parser.
 */
export interface ReadPdf {
  pageCount: number;
  /** Each page's text: one line per text object (BT … ET). */
  pages: string[];
  /** Embedded files by name (/EmbeddedFiles name tree), with their /Subtype. */
  attachments: Map<string, { type: string; data: Buffer }>;
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

function objects(pdf: Buffer): Map<number, PdfObject> {
  const out = new Map<number, PdfObject>();
  const latin = pdf.toString('latin1');
  const head = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(latin))) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endobj', start);
    const body = latin.slice(start, end);
    const s = body.indexOf('stream');
    if (s < 0 || !/\/Length\s+\d+/.test(body.slice(0, s))) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, s);
    const length = Number(/\/Length\s+(\d+)/.exec(dict)![1]);
    let from = start + s + 'stream'.length;
    if (latin[from] === '\r') from++;
    if (latin[from] === '\n') from++;
    let data = pdf.subarray(from, from + length);
    if (/\/Filter\s*\/FlateDecode/.test(dict)) data = inflateSync(data);
    out.set(Number(m[1]), { dict, stream: data });
    head.lastIndex = from + length;
  }
  return out;
}

/** Glyph id → text, from a ToUnicode CMap (bfrange with arrays or a start value, bfchar). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => {
    const h = hex.replace(/\s+/g, '');
    const units: number[] = [];
    for (let i = 0; i < h.length; i += 4) units.push(parseInt(h.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, a, b, arr, single] of block.matchAll(
      /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(?:\[([^\]]*)\]|<([0-9a-f\s]+)>)/gi,
    )) {
      const from = parseInt(a, 16);
      const to = parseInt(b, 16);
      if (arr !== undefined) {
        const items = [...arr.matchAll(/<([0-9a-f\s]*)>/gi)].map((x) => utf16(x[1]));
        items.forEach((t, i) => map.set(from + i, t));
      } else {
        const base = parseInt(single.replace(/\s+/g, ''), 16);
        for (let g = from; g <= to; g++) map.set(g, String.fromCharCode(base + g - from));
      }
    }
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, g, u] of block.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi))
      map.set(parseInt(g, 16), utf16(u));
  return map;
}

function pageText(content: string, fonts: Map<string, Map<number, string>>): string {
  const lines: string[] = [];
  for (const [, block] of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
    let font: Map<number, string> | undefined;
    let line = '';
    for (const [, name, hex, arr] of block.matchAll(
      /\/([A-Za-z0-9+_-]+)\s+[\d.]+\s+Tf|<([0-9a-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/gi,
    )) {
      if (name !== undefined) {
        font = fonts.get(name);
        continue;
      }
      const hexes =
        hex !== undefined ? [hex] : [...arr.matchAll(/<([0-9a-f]*)>/gi)].map((x) => x[1]);
      for (const h of hexes)
        for (let i = 0; i < h.length; i += 4)
          line += font?.get(parseInt(h.slice(i, i + 4), 16)) ?? '';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

export function readPdf(pdf: Buffer): ReadPdf {
  const objs = objects(pdf);
  const dictOf = (n: number | undefined) => (n === undefined ? '' : (objs.get(n)?.dict ?? ''));
  const pages: string[] = [];
  for (const [, o] of objs) {
    if (!/\/Type\s*\/Page\b(?!s)/.test(o.dict)) continue;
    const resourcesRef = ref(o.dict, 'Resources');
    const resources = resourcesRef !== undefined ? dictOf(resourcesRef) : o.dict;
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map<string, Map<number, string>>();
    for (const [, name, n] of fontDict.matchAll(/\/([A-Za-z0-9+_-]+)\s+(\d+)\s+0\s+R/g)) {
      const cmap = objs.get(ref(dictOf(Number(n)), 'ToUnicode') ?? -1)?.stream;
      fonts.set(name, cmap ? toUnicode(cmap.toString('latin1')) : new Map());
    }
    const contents = objs.get(ref(o.dict, 'Contents') ?? -1)?.stream?.toString('latin1') ?? '';
    pages.push(pageText(contents, fonts));
  }
  const attachments = new Map<string, { type: string; data: Buffer }>();
  for (const [, o] of objs) {
    if (!/\/Type\s*\/Filespec/.test(o.dict)) continue;
    const name = /\/F\s*\(([^)]*)\)/.exec(o.dict)?.[1] ?? '';
    const file = objs.get(ref(/\/EF\s*<<([\s\S]*?)>>/.exec(o.dict)?.[1] ?? '', 'F') ?? -1);
    if (!file?.stream) continue;
    const type = (/\/Subtype\s*\/([^\s/<>]+)/.exec(file.dict)?.[1] ?? '').replace(
      /#([0-9a-f]{2})/gi,
      (_, h: string) => String.fromCharCode(parseInt(h, 16)),
    );
    attachments.set(name, { type, data: file.stream });
  }
  return { pageCount: pages.length, pages, attachments };
}
