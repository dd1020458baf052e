/**
 * Demo collection accounts: each demo school gets its own account at one of the banks schools in
 * the province commonly collect with, derived from the school id (same every run). Illustrative
 * numbers, not real accounts.
 */
const DEMO_BANKS = ['970415', '970418', '970405', '970436'] as const; // VietinBank, BIDV, Agribank, Vietcombank

export function demoCollectionAccount(schoolId: string): {
  bankBin: string;
  accountNumber: string;
  accountName: string;
} {
  const hex = schoolId.replace(/-/g, '');
  const digits = BigInt(`0x${hex}`).toString().slice(-12).padStart(12, '0');
  return {
    bankBin: DEMO_BANKS[Number.parseInt(hex.slice(-2), 16) % DEMO_BANKS.length]!,
    accountNumber: `1${digits}`,
    accountName: `THU HOC PHI TRUONG ${hex.slice(0, 8).toUpperCase()}`,
  };
}
