/**
 * Loading and validating catalogue text: YAML syntax, then structure (schema.ts), then meaning
 * (checker.ts). Problems are collected (not just the first) and thrown together as a
 * `CatalogueError`, sorted by their place in the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { checkCatalogue } from './checker';
import { Catalogue, CatalogueError, CatalogueIssue, ParseOptions } from './model';
import { LineIndex, positionsOf, Raw, Reporter } from './positions';
import { ajvMessage, structureValidator } from './schema';

export const DEFAULT_CATALOGUE_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'catalogue',
  'indicators.yaml',
);

/** Parses and validates catalogue text. Throws `CatalogueError` with every problem found. */
export function parseCatalogue(source: string, options: ParseOptions = {}): Catalogue {
  const file = options.filename ?? 'indicators.yaml';
  const doc = parseYaml(source, file);
  const r = new Reporter(file, new LineIndex(source), positionsOf(source));
  const validate = structureValidator();
  if (!validate(doc)) {
    for (const err of validate.errors ?? []) {
      const m = ajvMessage(err);
      if (m) r.at(m.path, m.message, { key: m.key });
    }
    throw new CatalogueError(dedupe(r.issues));
  }

  const cat = checkCatalogue(doc as Raw, r, options);
  if (r.issues.length)
    throw new CatalogueError(
      dedupe(r.issues).sort((a, b) => a.line - b.line || a.column - b.column),
    );
  return cat;
}

/** Reads and validates a catalogue file (default: catalogue/indicators.yaml of this service). */
export function loadCatalogue(
  path: string = DEFAULT_CATALOGUE_PATH,
  options: Omit<ParseOptions, 'filename'> = {},
): Catalogue {
  return parseCatalogue(readFileSync(path, 'utf8'), { ...options, filename: path });
}

/** Step 1: YAML syntax, reported at js-yaml's own mark. */
function parseYaml(source: string, file: string): unknown {
  try {
    return load(source, { filename: file });
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    throw new CatalogueError([
      {
        file,
        line: (mark?.line ?? 0) + 1,
        column: (mark?.column ?? 0) + 1,
        path: '',
        message: `YAML syntax: ${reason}`,
      },
    ]);
  }
}

function dedupe(issues: CatalogueIssue[]): CatalogueIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.column}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
