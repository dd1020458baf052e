/**
 * VietQR payloads: EMVCo merchant-presented QR (EMV QRCPS-MPM) as profiled by NAPAS for
 * NAPAS 247 inter-bank transfers.
 *
 * Layout produced (each data object is ID (2 digits) + length (2 digits) + value):
 *   00 "01"                     payload format indicator
 *   01 "11" | "12"              point of initiation: 11 static (reusable), 12 dynamic (one bill)
 *   38 merchant account information (NAPAS template)
 *      00 "A000000727"          NAPAS GUID
 *      01 beneficiary organisation
 *         00 BIN (6 digits)     acquirer / beneficiary bank, e.g. 970415 VietinBank
 *         01 account or card    up to 19
 *      02 "QRIBFTTA"            service: transfer to account ("QRIBFTTC" to card)
 *   53 "704"                    currency VND (ISO 4217 numeric)
 *   54 amount                   optional; written as integer đồng (VND has no decimals); read
 *                               in every form EMVCo allows: up to 13 characters, digits and
 *                               one optional "." ("150000", "150000.", "150000.00")
 *   58 "VN"                     country
 *   62 additional data          optional
 *      01 bill number           up to 25
 *      05 reference label       up to 25
 *      08 purpose of transaction up to 25 — banking apps put this in the transfer description
 *                               ("nội dung chuyển khoản"), which is what reaches the bank
 *                               statement, so the payment code belongs here.
 *   63 CRC                      CRC-16/CCITT-FALSE over everything before it including "6304",
 *                               as 4 uppercase hex digits.
 *
 * Values are restricted to printable ASCII: lengths are counted in characters and banking apps
 * differ on UTF-8, so Vietnamese text goes through `toVietQrText` (diacritics removed) first.
 */

import { AmountFormError, parseEmvAmount } from '../../shared/amount-forms';

export const NAPAS_GUID = 'A000000727';
export type VietQrService = 'QRIBFTTA' | 'QRIBFTTC';

export type VietQrErrorCode = 'format' | 'crc' | 'payloadFormat' | 'missingField' | 'invalidField';

export class VietQrError extends Error {
  constructor(
    readonly code: VietQrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VietQrError';
  }
}

/**
 * CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR.
 * Check value: crc16CcittFalse("123456789") = 0x29B1. Strings are taken as UTF-8 bytes.
 */
export function crc16CcittFalse(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

export function crcHex(data: string): string {
  return crc16CcittFalse(data).toString(16).toUpperCase().padStart(4, '0');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** One data object: id (2 digits) + length (2 digits) + value (1..99 printable ASCII chars). */
export function tlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new VietQrError('invalidField', `bad id "${id}"`);
  if (value.length < 1 || value.length > 99) {
    throw new VietQrError(
      'invalidField',
      `value of ${id} must be 1..99 characters, got ${value.length}`,
    );
  }
  if (!PRINTABLE_ASCII.test(value)) {
    throw new VietQrError(
      'invalidField',
      `value of ${id} must be printable ASCII (use toVietQrText)`,
    );
  }
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/**
 * Vietnamese text → the ASCII banks accept in a transfer description:
 * "Học phí HK1 – Nguyễn Văn Đức" → "Hoc phi HK1 - Nguyen Van Duc".
 */
export function toVietQrText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface VietQrInput {
  /** 6-digit NAPAS BIN of the beneficiary bank. */
  bankBin: string;
  /** Account number (QRIBFTTA) or card number (QRIBFTTC). */
  accountNumber: string;
  service?: VietQrService;
  /** Integer đồng; omitted = the payer types the amount. */
  amount?: bigint;
  /** Transfer description, e.g. the payment code "HP2026000014". Max 25. */
  purpose?: string;
  billNumber?: string;
  referenceLabel?: string;
  /** Defaults to 'dynamic' when an amount is given, else 'static'. */
  initiation?: 'static' | 'dynamic';
}

const MAX_ADDITIONAL = 25;

function checkAdditional(name: string, value: string | undefined): void {
  if (value === undefined) return;
  if (value.length === 0 || value.length > MAX_ADDITIONAL) {
    throw new VietQrError('invalidField', `${name} must be 1..${MAX_ADDITIONAL} characters`);
  }
}

/** Builds the payload string (the text encoded in the QR image). */
export function buildVietQr(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bankBin))
    throw new VietQrError('invalidField', 'bank BIN must be 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.accountNumber)) {
    throw new VietQrError('invalidField', 'account number must be 1..19 letters or digits');
  }
  const service = input.service ?? 'QRIBFTTA';
  if (service !== 'QRIBFTTA' && service !== 'QRIBFTTC') {
    throw new VietQrError('invalidField', `unknown service ${String(service)}`);
  }
  if (input.amount !== undefined) {
    if (
      typeof input.amount !== 'bigint' ||
      input.amount <= 0n ||
      input.amount.toString().length > 13
    ) {
      throw new VietQrError(
        'invalidField',
        'amount must be a positive bigint of at most 13 digits',
      );
    }
  }
  checkAdditional('purpose', input.purpose);
  checkAdditional('bill number', input.billNumber);
  checkAdditional('reference label', input.referenceLabel);

  const initiation = input.initiation ?? (input.amount !== undefined ? 'dynamic' : 'static');
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.accountNumber);
  const merchant = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', service);
  const additional =
    (input.billNumber ? tlv('01', input.billNumber) : '') +
    (input.referenceLabel ? tlv('05', input.referenceLabel) : '') +
    (input.purpose ? tlv('08', input.purpose) : '');
  const body =
    tlv('00', '01') +
    tlv('01', initiation === 'dynamic' ? '12' : '11') +
    tlv('38', merchant) +
    tlv('53', '704') +
    (input.amount !== undefined ? tlv('54', input.amount.toString()) : '') +
    tlv('58', 'VN') +
    (additional ? tlv('62', additional) : '') +
    '6304';
  return body + crcHex(body);
}

export interface DataObject {
  id: string;
  value: string;
}

/** Splits a TLV string into data objects; refuses truncated or malformed input. */
export function parseTlv(text: string): DataObject[] {
  const out: DataObject[] = [];
  let i = 0;
  while (i < text.length) {
    if (i + 4 > text.length)
      throw new VietQrError('format', `truncated data object at position ${i}`);
    const id = text.slice(i, i + 2);
    const lenText = text.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(lenText)) {
      throw new VietQrError('format', `bad id/length "${id}${lenText}" at position ${i}`);
    }
    const len = Number(lenText);
    if (len === 0) throw new VietQrError('format', `empty value for ${id} at position ${i}`);
    if (i + 4 + len > text.length)
      throw new VietQrError('format', `value of ${id} runs past the end`);
    out.push({ id, value: text.slice(i + 4, i + 4 + len) });
    i += 4 + len;
  }
  return out;
}

function toMap(objects: DataObject[], where: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const o of objects) {
    if (map.has(o.id))
      throw new VietQrError('format', `${where}: data object ${o.id} appears twice`);
    map.set(o.id, o.value);
  }
  return map;
}

export interface ParsedVietQr {
  initiation: 'static' | 'dynamic' | undefined;
  guid: string;
  bankBin: string;
  accountNumber: string;
  service: string;
  currency: string;
  amount: bigint | undefined;
  country: string;
  billNumber?: string;
  referenceLabel?: string;
  purpose?: string;
  /** Every root data object, in order (including ones this parser does not interpret). */
  objects: DataObject[];
  crc: string;
}

/**
 * Decodes and validates a VietQR payload: CRC first (so a misread image is reported as such),
 * then structure (00 first = "01", 63 last), the NAPAS template in 38, currency 704, country
 * VN, and an integer amount. Throws a VietQrError naming what is wrong.
 */
export function parseVietQr(payload: string): ParsedVietQr {
  const text = payload.trim();
  const m = /6304([0-9A-Fa-f]{4})$/.exec(text);
  if (!m) throw new VietQrError('format', 'payload does not end with a CRC data object (6304XXXX)');
  const expected = crcHex(text.slice(0, -4));
  if (m[1]!.toUpperCase() !== expected) {
    throw new VietQrError('crc', `CRC mismatch: payload says ${m[1]}, computed ${expected}`);
  }
  const objects = parseTlv(text);
  if (objects[0]?.id !== '00')
    throw new VietQrError('payloadFormat', 'payload format indicator (00) must come first');
  if (objects[0].value !== '01') {
    throw new VietQrError(
      'payloadFormat',
      `payload format indicator must be "01", got "${objects[0].value}"`,
    );
  }
  if (objects[objects.length - 1]?.id !== '63')
    throw new VietQrError('format', 'CRC (63) must be the last data object');
  const root = toMap(objects, 'root');

  const poi = root.get('01');
  if (poi !== undefined && poi !== '11' && poi !== '12') {
    throw new VietQrError('invalidField', `point of initiation must be 11 or 12, got "${poi}"`);
  }
  const merchantRaw = root.get('38');
  if (merchantRaw === undefined)
    throw new VietQrError('missingField', 'no NAPAS merchant account information (38)');
  const merchant = toMap(parseTlv(merchantRaw), '38');
  const guid = merchant.get('00');
  if (guid !== NAPAS_GUID)
    throw new VietQrError('invalidField', `38/00 must be ${NAPAS_GUID}, got "${guid ?? ''}"`);
  const beneficiaryRaw = merchant.get('01');
  if (beneficiaryRaw === undefined) throw new VietQrError('missingField', 'no beneficiary (38/01)');
  const beneficiary = toMap(parseTlv(beneficiaryRaw), '38/01');
  const bankBin = beneficiary.get('00');
  const accountNumber = beneficiary.get('01');
  if (!bankBin || !/^\d{6}$/.test(bankBin))
    throw new VietQrError('invalidField', 'beneficiary BIN (38/01/00) must be 6 digits');
  if (!accountNumber) throw new VietQrError('missingField', 'no account number (38/01/01)');
  const service = merchant.get('02');
  if (!service) throw new VietQrError('missingField', 'no service code (38/02)');

  const currency = root.get('53');
  if (currency !== '704')
    throw new VietQrError('invalidField', `currency must be 704 (VND), got "${currency ?? ''}"`);
  const country = root.get('58');
  if (country !== 'VN')
    throw new VietQrError('invalidField', `country must be VN, got "${country ?? ''}"`);
  const amountText = root.get('54');
  let amount: bigint | undefined;
  if (amountText !== undefined) {
    try {
      amount = parseEmvAmount(amountText);
    } catch (e) {
      if (!(e instanceof AmountFormError)) throw e;
      throw new VietQrError('invalidField', `amount (54) ${e.message}`);
    }
  }

  const result: ParsedVietQr = {
    initiation: poi === '12' ? 'dynamic' : poi === '11' ? 'static' : undefined,
    guid,
    bankBin,
    accountNumber,
    service,
    currency,
    amount,
    country,
    objects,
    crc: m[1]!.toUpperCase(),
  };
  const additionalRaw = root.get('62');
  if (additionalRaw !== undefined) {
    const additional = toMap(parseTlv(additionalRaw), '62');
    const bill = additional.get('01');
    const ref = additional.get('05');
    const purpose = additional.get('08');
    if (bill !== undefined) result.billNumber = bill;
    if (ref !== undefined) result.referenceLabel = ref;
    if (purpose !== undefined) result.purpose = purpose;
  }
  return result;
}
