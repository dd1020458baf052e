import { CanActivate, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidInput } from '@qn/contracts';
import { INVALID_FIELDS, ProblemException } from '../problem-details';
import { findControlCharacter, findTooDeep } from './input-checks';

export interface RequestBodyLimits {
  /** Largest JSON body in bytes. */
  jsonLimit: number;
  /** Largest text/csv, text/plain or file (XLSX, or what an operation accepts) body in bytes. */
  textLimit: number;
  /** Deepest nesting of objects and arrays in a JSON body. */
  maxDepth: number;
}

type BodyKind = 'json' | 'text' | 'file';

const TEXT_TYPES = new Set(['text/csv', 'text/plain']);
/** Files uploaded as they are (imports): the body is handed on as a Buffer, never decoded. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = new Set([XLSX_MEDIA_TYPE]);

const ACCEPTED_FILES = 'qn:accepted-files';
/**
 * Other files one operation reads, handed on as a Buffer like a spreadsheet (a photo of a QR
 * code, a PDF): every other operation keeps answering 415 to them.
 */
export const AcceptsFiles = (...mediaTypes: string[]) => SetMetadata(ACCEPTED_FILES, mediaTypes);

/** 400 with the failing field, in the same shape as the validation pipe's answers. */
export function invalidField(field: string, message: string): InvalidInput {
  return new InvalidInput([{ field, message }], INVALID_FIELDS);
}

/**
 * Reads and checks request bodies itself, as the last global guard: after authentication and
 * authorization, so a caller without a valid token (or the right role) never gets a body read or
 * parsed. Express's body parsers are off (the app is created with `bodyParser: false`).
 *
 * In order, before any byte is read: a control character in a path parameter or query value →
 * 400; a Content-Encoding other than identity → 415 (nothing is decompressed); a media type
 * other than JSON or text/csv|plain → 415; a charset other than UTF-8 → 415; a Content-Length
 * over the limit → 413. Then while reading: more bytes than the limit → 413 (reading stops);
 * invalid UTF-8 → 400. Then for JSON: nesting deeper than the limit (scanned on the text, before
 * JSON.parse) → 400 naming the field, malformed JSON → 400, a control character in any string or
 * key → 400 naming the field. Text bodies: a control character other than tab/CR/LF → 400.
 */
export class RequestBodyGuard implements CanActivate {
  constructor(private readonly limits: RequestBodyLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & { _body?: boolean }>();
    const res = context.switchToHttp().getResponse<Response>();

    const badParam = findControlCharacter(req.params ?? {}, 'params');
    if (badParam) throw invalidField(badParam, 'must not contain control characters');
    const badQuery = findControlCharacter(req.query ?? {}, 'query');
    if (badQuery) throw invalidField(badQuery, 'must not contain control characters');

    if (req._body || !hasBody(req)) return true;
    try {
      const accepted = (Reflect.getMetadata(ACCEPTED_FILES, context.getHandler()) ??
        []) as string[];
      const kind = this.admit(req, accepted);
      const limit = kind === 'json' ? this.limits.jsonLimit : this.limits.textLimit;
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
      const bytes = await readBounded(req, limit);
      if (kind === 'file') {
        req.body = bytes;
        req._body = true;
        return true;
      }
      const text = decodeUtf8(bytes);
      req.body = kind === 'json' ? this.parseJson(text) : checkText(text);
      req._body = true;
      return true;
    } catch (error) {
      // The rest of an unread body is not worth reading: close the connection after answering.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  }

  private admit(req: Request, acceptedFiles: readonly string[]): BodyKind {
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      throw new ProblemException(
        415,
        'unsupported-content-encoding',
        'Unsupported content encoding',
        'Request bodies must be sent without Content-Encoding (identity).',
      );
    }
    const [mediaType = '', ...params] = (req.headers['content-type'] ?? '').split(';');
    const type = mediaType.trim().toLowerCase();
    const kind: BodyKind | undefined =
      type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)
        ? 'json'
        : TEXT_TYPES.has(type)
          ? 'text'
          : FILE_TYPES.has(type) || acceptedFiles.includes(type)
            ? 'file'
            : undefined;
    if (!kind) {
      throw new ProblemException(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the body as application/json (or text/csv, an XLSX workbook or an image where the operation says so).',
      );
    }
    for (const p of params) {
      const [name = '', value = ''] = p.split('=');
      if (name.trim().toLowerCase() !== 'charset') continue;
      const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
      if (charset !== 'utf-8' && charset !== 'utf8') {
        throw new ProblemException(
          415,
          'unsupported-charset',
          'Unsupported charset',
          'Request bodies must be UTF-8.',
        );
      }
    }
    return kind;
  }

  private parseJson(text: string): unknown {
    if (text.trim() === '') return undefined;
    const deep = findTooDeep(text, this.limits.maxDepth);
    if (deep) throw invalidField(deep, `is nested deeper than ${this.limits.maxDepth} levels`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new ProblemException(
        400,
        'malformed-body',
        'The body is not valid JSON',
        at === undefined
          ? 'The body is not valid JSON.'
          : `The body is not valid JSON (at byte ${at}).`,
      );
    }
    if (value === null || typeof value !== 'object') {
      throw new ProblemException(
        400,
        'malformed-body',
        'The body is not valid JSON',
        'The body must be a JSON object or array.',
      );
    }
    const bad = findControlCharacter(value);
    if (bad) throw invalidField(bad, 'must not contain control characters');
    return value;
  }
}

function checkText(text: string): string {
  const bad = findControlCharacter(text);
  if (bad) throw invalidField('body', 'must not contain control characters');
  return text;
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function tooLarge(limit: number): ProblemException {
  return new ProblemException(
    413,
    'payload-too-large',
    'The body is too large',
    `Request bodies may be at most ${limit} bytes.`,
    { limit },
  );
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemException(
      400,
      'malformed-body',
      'The body is not valid UTF-8',
      'Request bodies must be UTF-8.',
    );
  }
}

/** Reads the body; stops and rejects with 413 as soon as it passes the limit. */
function readBounded(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = () => {
      cleanup();
      reject(
        new ProblemException(
          400,
          'malformed-body',
          'The body could not be read',
          'The request body was cut short.',
        ),
      );
    };
    const onAborted = onError;
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
