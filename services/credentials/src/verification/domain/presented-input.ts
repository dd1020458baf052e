/**
 * What a verifier presented, read without trusting it: the credential itself (JSON), or the link
 * of a diploma's QR code (the credential's id and hash, looked up in the register), or nothing
 * usable — each with a code the answer explains.
 */
export type PresentedInput =
  | { kind: 'credential'; credential: unknown }
  | { kind: 'link'; credentialId: string; hash: string }
  | { kind: 'unreadable'; code: PresentedProblem };

export type PresentedProblem = 'not-json' | 'not-a-link' | 'empty';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HASH = /^[0-9a-f]{64}$/;

/** The query of a QR link: `?c=<credential id>&h=<SHA-256 of the credential>`. */
export function qrLink(verifyPageUrl: string, credentialId: string, hash: string): string {
  return `${verifyPageUrl}?c=${credentialId}&h=${hash}`;
}

/** A QR link's credential id and hash, or undefined when the text is not one of ours. */
export function parseLink(text: string): { credentialId: string; hash: string } | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  const credentialId = (url.searchParams.get('c') ?? '').toLowerCase();
  const hash = (url.searchParams.get('h') ?? '').toLowerCase();
  return UUID.test(credentialId) && HASH.test(hash) ? { credentialId, hash } : undefined;
}

/** Text presented (a pasted credential or a QR code's content): JSON, or a link, or neither. */
export function readPresentedText(text: string): PresentedInput {
  const t = text.trim();
  if (t === '') return { kind: 'unreadable', code: 'empty' };
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return { kind: 'credential', credential: JSON.parse(t) as unknown };
    } catch {
      return { kind: 'unreadable', code: 'not-json' };
    }
  }
  const link = parseLink(t);
  return link ? { kind: 'link', ...link } : { kind: 'unreadable', code: 'not-a-link' };
}

/** The credential's UUID from its id (`urn:uuid:<uuid>`), or undefined. */
export function credentialUuidOf(credential: unknown): string | undefined {
  const id = (credential as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !id.startsWith('urn:uuid:')) return undefined;
  const uuid = id.slice('urn:uuid:'.length).toLowerCase();
  return UUID.test(uuid) ? uuid : undefined;
}
