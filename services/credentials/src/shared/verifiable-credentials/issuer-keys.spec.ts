import jsonld from 'jsonld';
import { createDocumentLoader } from './bundled-contexts';
import { generateIssuerKey, issuerControllerDocument } from './issuer-keys';
import { signCredential } from './sign-credential';

const ISSUER = 'https://credentials.quangninh.edu.vn/issuers/so-gddt';

describe('issuer keys', () => {
  it('generates a fresh Ed25519 Multikey pair per call, as plain strings', async () => {
    const [a, b] = await Promise.all([generateIssuerKey(ISSUER), generateIssuerKey(ISSUER)]);
    expect(a.publicKeyMultibase).not.toBe(b.publicKeyMultibase);
    expect(a).toEqual({
      issuerIri: ISSUER,
      verificationMethodId: `${ISSUER}#${a.publicKeyMultibase}`,
      publicKeyMultibase: expect.stringMatching(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/),
      secretKeyMultibase: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
    });
  });

  it('publishes a controller document listing every key for assertionMethod, without secrets', async () => {
    const [current, retired] = await Promise.all([
      generateIssuerKey(ISSUER),
      generateIssuerKey(ISSUER),
    ]);
    const document = issuerControllerDocument(
      ISSUER,
      'Sở Giáo dục và Đào tạo Quảng Ninh'.normalize('NFD'),
      [current, retired],
    );
    expect(document).toMatchObject({
      id: ISSUER,
      name: 'Sở Giáo dục và Đào tạo Quảng Ninh',
      verificationMethod: [
        {
          id: current.verificationMethodId,
          type: 'Multikey',
          controller: ISSUER,
          publicKeyMultibase: current.publicKeyMultibase,
        },
        {
          id: retired.verificationMethodId,
          type: 'Multikey',
          controller: ISSUER,
          publicKeyMultibase: retired.publicKeyMultibase,
        },
      ],
      assertionMethod: [current.verificationMethodId, retired.verificationMethodId],
    });
    expect(JSON.stringify(document)).not.toContain(current.secretKeyMultibase);
    // Offline and with nothing dropped: the document's context is bundled or inline.
    const expanded = JSON.stringify(
      await jsonld.expand(document, { documentLoader: createDocumentLoader(), safe: true }),
    );
    expect(expanded).toContain('https://w3id.org/security#assertionMethod');
    expect(expanded).toContain('https://w3id.org/security#publicKeyMultibase');
  });

  it('refuses a key whose verification method id is not the issuer IRI and the public key', async () => {
    const key = await generateIssuerKey(ISSUER);
    expect(() =>
      issuerControllerDocument(ISSUER, 'x', [{ ...key, verificationMethodId: `${ISSUER}#key-1` }]),
    ).toThrow(/verificationMethodId/);
  });

  it('a key that does not match its public key cannot sign (error names no key material)', async () => {
    const [a, b] = await Promise.all([generateIssuerKey(ISSUER), generateIssuerKey(ISSUER)]);
    const mixed = { ...a, secretKeyMultibase: b.secretKeyMultibase };
    const unsigned = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: ISSUER,
      validFrom: '2025-07-01T00:00:00Z',
      credentialSubject: { name: 'x' },
    };
    const error: unknown = await signCredential(unsigned, mixed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('The issuer secret key does not match its public key');
    expect((error as Error).message).not.toContain(b.secretKeyMultibase);
  });
});
