/**
 * The 12-digit personal identification number (mã định danh cá nhân, also the number of the
 * citizen identity card, CCCD), per Decree 137/2015/NĐ-CP and Circular 07/2016/TT-BCA (as amended):
 *   digits 1-3  the province (or country, for births abroad) where the birth was registered
 *   digit 4     sex and century of birth: 0/1 = male/female born 1900-1999, 2/3 = 2000-2099,
 *               4/5 = 2100-2199, 6/7 = 2200-2299, 8/9 = 2300-2399
 *   digits 5-6  last two digits of the year of birth
 *   digits 7-12 a random sequence
 * There is no check digit; the structure still catches most typing errors, and a date of birth
 * that disagrees with digits 4-6 is refused.
 */
export interface PersonalIdCheck {
  ok: boolean;
  reason?: string;
}

const CENTURY_BY_DIGIT: Record<string, number> = {
  '0': 1900,
  '1': 1900,
  '2': 2000,
  '3': 2000,
  '4': 2100,
  '5': 2100,
  '6': 2200,
  '7': 2200,
  '8': 2300,
  '9': 2300,
};

/** Province codes 001-096 as assigned; foreign registration codes are not accepted for admission. */
function isProvinceCode(code: number): boolean {
  return code >= 1 && code <= 96;
}

export function checkPersonalId(pid: string, dateOfBirth?: string): PersonalIdCheck {
  if (!/^\d{12}$/.test(pid)) return { ok: false, reason: 'must be exactly 12 digits' };
  if (!isProvinceCode(Number(pid.slice(0, 3))))
    return { ok: false, reason: 'digits 1-3 are not a province code (001-096)' };
  if (dateOfBirth !== undefined) {
    const year = Number(dateOfBirth.slice(0, 4));
    const encoded = CENTURY_BY_DIGIT[pid[3]] + Number(pid.slice(4, 6));
    if (encoded !== year)
      return { ok: false, reason: `digits 4-6 encode a birth year of ${encoded}, not ${year}` };
  }
  return { ok: true };
}

/** For display and support: the last 4 digits only. */
export const maskPersonalId = (pid: string) => `********${pid.slice(-4)}`;
