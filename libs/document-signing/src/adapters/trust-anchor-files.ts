import { readFileSync } from 'node:fs';
import { parsePemBundle, type Certificate } from '../pki/certificates';

/**
 * The trust anchors from configuration: PEM files (each may hold several roots), e.g. the VGCA
 * root for public schools and the licensed public CAs' roots for private ones. A file without a
 * certificate is an error, so a wrong path does not silently trust nothing.
 */
export function readTrustAnchors(files: string[]): Certificate[] {
  return files.flatMap((file) => {
    const certs = parsePemBundle(readFileSync(file, 'utf8'));
    if (certs.length === 0) throw new Error(`${file}: no certificate`);
    return certs;
  });
}
