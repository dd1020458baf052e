/**
 * A school's collection account (tài khoản thu của nhà trường): the bank account at its partner
 * bank that families transfer to, and that the invoice's VietQR names. Pure validation.
 *
 * - bank: the NAPAS BIN (6 digits, `97xxxx`) of a bank in `NAPAS_BANKS`, the member banks of
 *   NAPAS 247 that VietQR transfers reach (bundled here: the list changes rarely, and a BIN that
 *   is not a member bank makes a QR no banking app can pay).
 * - account number: digits only, 6 to 19 (VietQR's beneficiary account field holds up to 19).
 * - account name: as the bank prints it on the account, upper-case Latin letters without
 *   diacritics, digits, spaces and `. , - & ( ) /`, 2 to 50 characters (banking apps show this
 *   name to the payer to confirm the beneficiary).
 */

/** Member banks of NAPAS with their BIN (the bank's identifier in VietQR) and short name. */
export const NAPAS_BANKS: Readonly<Record<string, { code: string; name: string }>> = {
  '970405': { code: 'VBA', name: 'Agribank' },
  '970415': { code: 'ICB', name: 'VietinBank' },
  '970418': { code: 'BIDV', name: 'BIDV' },
  '970436': { code: 'VCB', name: 'Vietcombank' },
  '970422': { code: 'MB', name: 'MBBank' },
  '970407': { code: 'TCB', name: 'Techcombank' },
  '970416': { code: 'ACB', name: 'ACB' },
  '970432': { code: 'VPB', name: 'VPBank' },
  '970423': { code: 'TPB', name: 'TPBank' },
  '970403': { code: 'STB', name: 'Sacombank' },
  '970437': { code: 'HDB', name: 'HDBank' },
  '970441': { code: 'VIB', name: 'VIB' },
  '970443': { code: 'SHB', name: 'SHB' },
  '970431': { code: 'EIB', name: 'Eximbank' },
  '970426': { code: 'MSB', name: 'MSB' },
  '970448': { code: 'OCB', name: 'OCB' },
  '970440': { code: 'SEAB', name: 'SeABank' },
  '970409': { code: 'BAB', name: 'BacABank' },
  '970452': { code: 'KLB', name: 'KienlongBank' },
  '970412': { code: 'PVCB', name: 'PVcomBank' },
  '970419': { code: 'NCB', name: 'NCB' },
  '970425': { code: 'ABB', name: 'ABBANK' },
  '970427': { code: 'VAB', name: 'VietABank' },
  '970428': { code: 'NAB', name: 'NamABank' },
  '970430': { code: 'PGB', name: 'PGBank' },
  '970433': { code: 'VIETBANK', name: 'VietBank' },
  '970438': { code: 'BVB', name: 'BaoVietBank' },
  '970449': { code: 'LPB', name: 'LPBank' },
  '970400': { code: 'SGICB', name: 'SaigonBank' },
  '970454': { code: 'VCCB', name: 'BVBank' },
  '970429': { code: 'SCB', name: 'SCB' },
  '970446': { code: 'COOPBANK', name: 'Co-opBank' },
  '970424': { code: 'SHBVN', name: 'ShinhanBank' },
  '970421': { code: 'VRB', name: 'VRB' },
};

export interface CollectionAccountInput {
  bankBin: string;
  accountNumber: string;
  accountName: string;
}

export interface FieldProblem {
  field: keyof CollectionAccountInput;
  message: string;
}

const NAME_CHARS = /^[A-Z0-9 .,\-&()/]+$/;

/** Upper case, diacritics and đ removed: what the bank prints, offered in error messages. */
export function bankPrintedName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The problems of an account as given (empty when valid). Spaces around values are ignored. */
export function collectionAccountProblems(input: Partial<Record<string, unknown>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const text = (k: keyof CollectionAccountInput) =>
    typeof input[k] === 'string' ? (input[k] as string).trim() : undefined;
  const bin = text('bankBin');
  if (bin === undefined || !/^\d{6}$/.test(bin))
    problems.push({ field: 'bankBin', message: 'the bank’s NAPAS BIN: 6 digits, e.g. 970415' });
  else if (!NAPAS_BANKS[bin])
    problems.push({
      field: 'bankBin',
      message: `${bin} is not a NAPAS member bank this service knows`,
    });
  const number = text('accountNumber');
  if (number === undefined || !/^\d{6,19}$/.test(number))
    problems.push({ field: 'accountNumber', message: 'digits only, 6 to 19 of them' });
  const name =
    typeof input.accountName === 'string'
      ? input.accountName.replace(/\s+/g, ' ').trim()
      : undefined;
  if (name === undefined || name.length < 2 || name.length > 50)
    problems.push({ field: 'accountName', message: '2 to 50 characters, as the bank prints it' });
  else if (!NAME_CHARS.test(name))
    problems.push({
      field: 'accountName',
      message: `upper case without diacritics, as the bank prints it: "${bankPrintedName(name)}"`,
    });
  return problems;
}

/** The account as stored: trimmed, inner spaces of the name collapsed. Call after validation. */
export function normalizeCollectionAccount(input: CollectionAccountInput): CollectionAccountInput {
  return {
    bankBin: input.bankBin.trim(),
    accountNumber: input.accountNumber.trim(),
    accountName: input.accountName.replace(/\s+/g, ' ').trim(),
  };
}
