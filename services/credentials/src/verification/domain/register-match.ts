/** The register's entry for a credential, as the match needs it. */
export interface RegisterEntryFacts {
  registerCode: string;
  entryNumber: string;
  serialNumber: string | null;
  holderFullName: string;
  holderDateOfBirth: string | null;
  graduationYear: number;
  kind: string;
  status: 'valid' | 'suspended' | 'revoked';
  /** The credential version the register holds now, and whether the presented one is it. */
  currentCredentialId: string;
}

export interface RegisterCheck {
  check: 'register';
  outcome: 'passed' | 'failed' | 'not-checked';
  code: string;
  message: string;
  detail?: Record<string, string | number | boolean>;
}

interface PresentedSubject {
  originalRegisterEntry?: { registerCode?: unknown; entryNumber?: unknown; serialNumber?: unknown };
  identifier?: Array<{ identityType?: unknown; identityHash?: unknown }>;
  birthDate?: unknown;
  graduationYear?: unknown;
}

/**
 * The sixth check: the credential matches its original register entry (sổ gốc) — the same
 * register code, entry number, serial, holder, date of birth and year; the entry is not revoked;
 * and it is the version the register holds now (a corrected diploma's older version is not).
 * Returns the names of the fields that differ, never their values.
 */
export function matchRegister(
  credential: unknown,
  credentialId: string,
  entry: RegisterEntryFacts | undefined,
): RegisterCheck {
  if (!entry)
    return {
      check: 'register',
      outcome: 'failed',
      code: 'not-in-register',
      message: 'Không tìm thấy văn bằng này trong sổ gốc.',
    };
  const s = ((credential as { credentialSubject?: unknown }).credentialSubject ??
    {}) as PresentedSubject;
  const name = (s.identifier ?? []).find((i) => i?.identityType === 'name')?.identityHash;
  const reg = s.originalRegisterEntry ?? {};
  const nfc = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : v);
  const differing = [
    ['registerCode', reg.registerCode, entry.registerCode],
    ['entryNumber', reg.entryNumber, entry.entryNumber],
    ['serialNumber', reg.serialNumber, entry.serialNumber],
    ['holder', nfc(name), entry.holderFullName.normalize('NFC')],
    ['birthDate', s.birthDate, entry.holderDateOfBirth],
    ['graduationYear', s.graduationYear, entry.graduationYear],
  ]
    .filter(([, presented, registered]) => presented !== registered)
    .map(([field]) => field as string);
  if (differing.length > 0)
    return {
      check: 'register',
      outcome: 'failed',
      code: 'differs-from-register',
      message: `Văn bằng không khớp với sổ gốc ở: ${differing.map((f) => FIELD_VI[f] ?? f).join(', ')}.`,
      detail: { fields: differing.join(',') },
    };
  if (entry.status === 'revoked')
    return {
      check: 'register',
      outcome: 'failed',
      code: 'revoked-in-register',
      message: 'Sổ gốc ghi văn bằng này đã bị thu hồi.',
    };
  if (entry.currentCredentialId !== credentialId)
    return {
      check: 'register',
      outcome: 'failed',
      code: 'superseded',
      message:
        'Văn bằng này đã được đính chính hoặc cấp lại; bản đang xuất trình không còn là bản hiện hành.',
      detail: { currentCredential: `urn:uuid:${entry.currentCredentialId}` },
    };
  return {
    check: 'register',
    outcome: 'passed',
    code: 'matches-register',
    message: 'Văn bằng khớp với sổ gốc: số vào sổ, số hiệu, người được cấp và năm tốt nghiệp.',
  };
}

const FIELD_VI: Record<string, string> = {
  registerCode: 'mã sổ gốc',
  entryNumber: 'số vào sổ gốc',
  serialNumber: 'số hiệu văn bằng',
  holder: 'họ và tên',
  birthDate: 'ngày sinh',
  graduationYear: 'năm tốt nghiệp',
};
