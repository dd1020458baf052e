/**
 * Signing documents with the signer's certificate, once for the platform: the port every
 * signing method implements (local software keys, the demo CA, a CA's remote signing service),
 * JWS (RFC 7515) with the signer's capacity and signing time as critical headers, X.509 chains
 * and their paths to trust anchors with revocation, and PDF signatures (adbe.pkcs7.detached,
 * CMS) that PDF readers verify. Records signs học bạ with it; the KPI aggregator its reports.
 */
export * from './jws';
export * from './ports/document-signer';
export * from './ports/remote-signing';
export * from './ports/revocation';
export * from './pki/certificates';
export * from './pki/certificate-path';
export * from './pki/issue-certificate';
export * from './pki/x509';
export * from './adapters/local-key-signer';
export * from './adapters/demo-ca-signer';
export * from './adapters/remote-signer';
export * from './adapters/local-revocation-list';
export * from './adapters/trust-anchor-files';
export * from './pdf/cms';
export * from './pdf/pdf-signature';
