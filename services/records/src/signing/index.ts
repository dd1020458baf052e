// Signing and verification of digital school records (học bạ số): framework-free, for the
// service's use cases to wire in.
export * from './domain/canonical';
export * from './domain/record';
export * from './domain/jws';
export * from './domain/verify-record';
export * from './pki/certificates';
export * from './pki/certificate-path';
export * from './ports/record-signer';
export * from './ports/revocation';
export * from './ports/remote-signing';
export * from './adapters/local-key-signer';
export * from './adapters/local-revocation-list';
export * from './adapters/remote-record-signer';
export * from './adapters/trust-anchor-files';
export * from './sign-record';
