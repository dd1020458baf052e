/**
 * Residential areas for admission by catchment (tuyển sinh theo địa bàn, tuyến). Pure.
 *
 * After the 2025 merger of communes (two-tier local government), one ward or commune can hold
 * several primary and lower-secondary schools, so a catchment is given per village or
 * residential group (thôn, bản, khu, khu phố, tổ dân phố) — or street — inside the commune, not
 * per whole commune. A residential area is a commune-level unit with an optional locality name;
 * a catchment is a set of them. A catchment entry without a locality covers the whole commune,
 * which stays right for communes with one school of the level.
 *
 * Areas travel through the assignment as string keys: the commune's id, or
 * `<commune id>/<locality key>` where the locality key is the name NFC-normalised, trimmed, with
 * single spaces and in lower case (Vietnamese locale): "Khu  3" and "khu 3" are the same area,
 * "Khu 3" and "Khu 13" are not, and diacritics count ("Thôn Đồng" ≠ "Thon Dong").
 */

export interface ResidentialArea {
  /** The commune, ward or special zone (registry org unit). */
  orgUnitId: string;
  /** Village or residential group (thôn, khu phố, tổ dân phố) or street; absent = the whole commune. */
  locality?: string | null;
}

/** The locality as stored and shown: NFC, trimmed, single spaces. */
export function normaliseLocalityName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** The locality as compared: the stored form in lower case. */
export function localityKey(name: string): string {
  return normaliseLocalityName(name).toLocaleLowerCase('vi');
}

/** The key of an area: `<commune>` or `<commune>/<locality key>`. */
export function residentialAreaKey(area: ResidentialArea): string {
  const locality = area.locality ? localityKey(area.locality) : '';
  return locality ? `${area.orgUnitId}/${locality}` : area.orgUnitId;
}

/** The areas a residence lies in: its locality (if given) and its whole commune. */
export function containingAreaKeys(residenceKey: string): string[] {
  const slash = residenceKey.indexOf('/');
  return slash < 0 ? [residenceKey] : [residenceKey, residenceKey.slice(0, slash)];
}

/**
 * Whether a residence is in a catchment: the catchment lists the residence's locality, or its
 * whole commune. A residence given only by commune is in a catchment that lists the whole
 * commune, never in one that lists only some of its localities (the family must say where in
 * the commune it lives; the application rules ask for it when the round splits the commune).
 */
export function inCatchment(
  catchment: readonly ResidentialArea[],
  residence: ResidentialArea,
): boolean {
  const keys = new Set(catchment.map(residentialAreaKey));
  return containingAreaKeys(residentialAreaKey(residence)).some((k) => keys.has(k));
}
