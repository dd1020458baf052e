// The framework-free core of verifiable diplomas: W3C VC 2.0 / Open Badges 3.0 credentials,
// Data Integrity eddsa-rdfc-2022 proofs, Bitstring Status List, QR decoding. Offline by design.
export * from './bundled-contexts';
export * from './credential-types';
export * from './decode-qr';
export * from './diploma-credential';
export * from './issuer-keys';
export * from './sign-credential';
export * from './status-list';
export * from './verify-credential';
export { VN_DIPLOMA_CONTEXT, VN_VOCAB } from './vn-diploma-context';
