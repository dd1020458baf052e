import { NotFound } from '@qn/contracts';
import type { SignedVersion } from '../shared/signing/domain/record';
import { documentOf } from './record-issuer';
import type { StoredVersion } from './school-records.repository';

/** A stored version as signing and verification see it: the signed document and its JWS. */
export const signedVersionOf = (v: StoredVersion): SignedVersion => ({
  document: documentOf(v.jws),
  jws: v.jws,
});

/** What a version's history entry shows: never the marks. */
export const versionSummary = (v: StoredVersion) => ({
  version: v.version,
  recordHash: v.recordHash,
  signedAt: v.signedAt,
  reason: v.reason,
});

/**
 * The learner's record of a school year, in the version asked (default: the latest), with the
 * versions before it. A learner with records at two schools in one year (a transfer after the
 * year closed at the first) gets the latest signed one; the list shows both.
 */
export function pickVersion(
  all: StoredVersion[],
  schoolYear: string,
  version?: number,
): { chosen: StoredVersion; history: StoredVersion[]; latest: StoredVersion } {
  const ofYear = all.filter((v) => v.schoolYear === schoolYear);
  if (!ofYear.length) throw new NotFound('record-unknown', 'No signed record for this school year');
  const newest = ofYear.reduce((a, b) => (b.signedAt > a.signedAt ? b : a));
  const versions = ofYear
    .filter((v) => v.recordId === newest.recordId)
    .sort((a, b) => a.version - b.version);
  const latest = versions[versions.length - 1];
  const chosen = version === undefined ? latest : versions.find((v) => v.version === version);
  if (!chosen)
    throw new NotFound(
      'record-version-unknown',
      'No such version of the record',
      `versions 1-${latest.version}`,
    );
  return { chosen, history: versions.filter((v) => v.version < chosen.version), latest };
}
