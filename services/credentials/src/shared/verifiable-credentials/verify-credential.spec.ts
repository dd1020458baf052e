import type { JsonObject, SignedCredential, UnsignedCredential } from './credential-types';
import { buildDiplomaCredential, type DiplomaClaims } from './diploma-credential';
import { generateIssuerKey, issuerControllerDocument, type IssuerKeyPair } from './issuer-keys';
import { signCredential } from './sign-credential';
import {
  buildStatusListCredential,
  newStatusListBits,
  setStatusBit,
  type StatusPurpose,
} from './status-list';
import {
  CHECK_ORDER,
  verifyCredential,
  type CheckName,
  type TrustedIssuer,
  type VerificationDeps,
  type VerificationReport,
} from './verify-credential';

const BASE = 'https://credentials.quangninh.edu.vn';
const DEPARTMENT = `${BASE}/issuers/so-gddt`;
const COMMUNE = `${BASE}/issuers/xa-bai-chay`;
const LIST = {
  revocation: `${BASE}/status/revocation/1`,
  suspension: `${BASE}/status/suspension/1`,
};
const INDEX = 42;

function claims(overrides: Partial<DiplomaClaims> = {}): DiplomaClaims {
  return {
    credentialId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    kind: 'upper-secondary-diploma',
    holder: {
      fullName: 'Nguyễn Thị Minh Anh',
      dateOfBirth: '2007-03-15',
      placeOfBirth: 'Hạ Long, Quảng Ninh',
      gender: 'female',
      ethnicity: 'Kinh',
    },
    school: { id: `${BASE}/schools/thpt-ha-long`, name: 'Trường THPT Hạ Long' },
    graduationYear: 2025,
    classification: 'Khá',
    register: { code: 'THPT-2025-SGDDT', entryNumber: '1234/2025', serialNumber: 'QN 0012345' },
    issuer: { iri: DEPARTMENT, name: 'Sở Giáo dục và Đào tạo Quảng Ninh' },
    issuedAt: '2025-07-20T00:00:00Z',
    decisionReference: '1234/QĐ-SGDĐT',
    version: 1,
    status: {
      revocation: { listUrl: LIST.revocation, index: INDEX },
      suspension: { listUrl: LIST.suspension, index: INDEX },
    },
    achievementBaseUrl: `${BASE}/achievements`,
    ...overrides,
  };
}

let department: IssuerKeyPair;
let commune: IssuerKeyPair;
let stranger: IssuerKeyPair;

beforeAll(async () => {
  [department, commune, stranger] = await Promise.all([
    generateIssuerKey(DEPARTMENT),
    generateIssuerKey(COMMUNE),
    generateIssuerKey('https://forger.example/issuer'),
  ]);
});

interface World {
  deps: VerificationDeps;
  trusted: Map<string, TrustedIssuer>;
  lists: Map<string, object>;
  publishList(
    purpose: StatusPurpose,
    setIndices: number[],
    key?: IssuerKeyPair,
  ): Promise<SignedCredential>;
}

/** A trusted-issuer registry with the department and the commune, and empty signed status lists. */
async function world(): Promise<World> {
  const trusted = new Map<string, TrustedIssuer>();
  for (const [key, name] of [
    [department, 'Sở Giáo dục và Đào tạo Quảng Ninh'],
    [commune, 'Ủy ban nhân dân phường Bãi Cháy'],
  ] as const) {
    trusted.set(key.verificationMethodId, {
      issuerIri: key.issuerIri,
      name,
      controllerDocument: issuerControllerDocument(key.issuerIri, name, [key]),
    });
  }
  const lists = new Map<string, object>();
  const publishList = async (purpose: StatusPurpose, setIndices: number[], key = department) => {
    const bits = newStatusListBits();
    for (const i of setIndices) setStatusBit(bits, i, true);
    const unsigned = await buildStatusListCredential({
      url: LIST[purpose],
      purpose,
      issuerIri: key.issuerIri,
      validFrom: '2025-07-20T00:00:00Z',
      bits,
    });
    const signed = await signCredential(unsigned, key);
    lists.set(LIST[purpose], signed);
    return signed;
  };
  await publishList('revocation', []);
  await publishList('suspension', []);
  return {
    trusted,
    lists,
    publishList,
    deps: {
      trustedIssuer: async (id) => trusted.get(id),
      statusListCredential: async (url) => lists.get(url),
      now: new Date('2025-08-01T08:00:00Z'),
    },
  };
}

async function signedDiploma(
  overrides: Partial<DiplomaClaims> = {},
  key = department,
): Promise<SignedCredential> {
  return signCredential(buildDiplomaCredential(claims(overrides)), key, {
    created: new Date('2025-07-20T01:00:00Z'),
  });
}

function outcomes(report: VerificationReport): Record<CheckName, string> {
  return Object.fromEntries(
    report.checks.map((c) => [c.check, `${c.outcome}:${c.code}`]),
  ) as Record<CheckName, string>;
}

function expectWellFormedOnlyFailure(report: VerificationReport, code: string): void {
  expect(report.verified).toBe(false);
  expect(outcomes(report)).toEqual({
    'well-formed': `failed:${code}`,
    signature: 'not-checked:not-well-formed',
    'issuer-trusted': 'not-checked:not-well-formed',
    'not-expired': 'not-checked:not-well-formed',
    status: 'not-checked:not-well-formed',
  });
}

describe('verifyCredential', () => {
  it('build → sign → verify passes all five checks, in order, with Vietnamese messages', async () => {
    const { deps } = await world();
    const report = await verifyCredential(await signedDiploma(), deps);
    expect(report.checks.map((c) => c.check)).toEqual(CHECK_ORDER);
    expect(outcomes(report)).toEqual({
      'well-formed': 'passed:well-formed',
      signature: 'passed:signature-valid',
      'issuer-trusted': 'passed:issuer-trusted',
      'not-expired': 'passed:within-validity',
      status: 'passed:not-revoked',
    });
    expect(report.verified).toBe(true);
    expect(report.credentialId).toBe('urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(report.issuer).toEqual({ iri: DEPARTMENT, name: 'Sở Giáo dục và Đào tạo Quảng Ninh' });
    expect(report.subjectSummary).toEqual({
      kind: 'upper-secondary-diploma',
      achievementName: 'Bằng tốt nghiệp trung học phổ thông',
      graduationYear: 2025,
      schoolName: 'Trường THPT Hạ Long',
      holderName: 'Nguyễn Thị Minh Anh',
      serialNumber: 'QN 0012345',
      validFrom: '2025-07-20T00:00:00Z',
    });
    for (const check of report.checks)
      expect(check.message).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
  });

  it('accepts the credential as JSON text (what a QR code or an upload carries)', async () => {
    const { deps } = await world();
    const report = await verifyCredential(JSON.stringify(await signedDiploma()), deps);
    expect(report.verified).toBe(true);
  });

  it('verifies a lower secondary diploma of a commune', async () => {
    const { deps } = await world();
    const w = await world();
    await w.publishList('revocation', [], commune);
    await w.publishList('suspension', [], commune);
    const diploma = await signedDiploma(
      {
        kind: 'lower-secondary-diploma',
        issuer: { iri: COMMUNE, name: 'Ủy ban nhân dân phường Bãi Cháy' },
      },
      commune,
    );
    expect((await verifyCredential(diploma, w.deps)).verified).toBe(true);
    // The department's lists are not the commune's: a list of another issuer is not accepted.
    expect(outcomes(await verifyCredential(diploma, deps)).status).toBe(
      'failed:status-list-invalid',
    );
  });

  describe('a tampered field fails the signature', () => {
    const tampers: [string, (c: JsonObject & { credentialSubject: JsonObject }) => void][] = [
      [
        'holder name',
        (c) =>
          ((c.credentialSubject['identifier'] as JsonObject[])[0]['identityHash'] =
            'Nguyễn Thị Minh Ánh'),
      ],
      ['date of birth', (c) => (c.credentialSubject['birthDate'] = '2007-03-16')],
      [
        'serial number',
        (c) =>
          ((c.credentialSubject['originalRegisterEntry'] as JsonObject)['serialNumber'] =
            'QN 0012346'),
      ],
      ['classification', (c) => (c.credentialSubject['classification'] = 'Giỏi')],
      ['issuer name', (c) => ((c['issuer'] as JsonObject)['name'] = 'Bộ Giáo dục và Đào tạo')],
      ['validFrom', (c) => (c['validFrom'] = '2024-07-20T00:00:00Z')],
      [
        'a status index',
        (c) => ((c['credentialStatus'] as JsonObject[])[0]['statusListIndex'] = '43'),
      ],
      ['graduation year', (c) => (c.credentialSubject['graduationYear'] = 2024)],
      ['the proof date', (c) => ((c['proof'] as JsonObject)['created'] = '2025-07-21T01:00:00Z')],
      ['an added property (validUntil)', (c) => (c['validUntil'] = '2099-01-01T00:00:00Z')],
      ['a removed property (classification)', (c) => delete c.credentialSubject['classification']],
      [
        'a decomposed (NFD) holder name',
        (c) => {
          const identifier = (c.credentialSubject['identifier'] as JsonObject[])[0];
          identifier['identityHash'] = String(identifier['identityHash']).normalize('NFD');
        },
      ],
      [
        'the proof value',
        (c) =>
          ((c['proof'] as JsonObject)['proofValue'] =
            'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UTgyFMKhiTq'),
      ],
      [
        'an unreadable proof value',
        (c) => ((c['proof'] as JsonObject)['proofValue'] = 'not-multibase'),
      ],
    ];
    it.each(tampers)('%s', async (_name, tamper) => {
      const { deps } = await world();
      const diploma = await signedDiploma();
      tamper(diploma);
      const report = await verifyCredential(diploma, deps);
      expect(report.verified).toBe(false);
      expect(outcomes(report)).toEqual({
        'well-formed': 'passed:well-formed',
        signature: 'failed:signature-invalid',
        'issuer-trusted': 'passed:issuer-trusted',
        'not-expired': 'not-checked:signature-not-verified',
        status: 'not-checked:signature-not-verified',
      });
    });
  });

  describe('issuer trust', () => {
    it('an unknown key fails issuer-trusted, and the signature is not checked (no key to check with)', async () => {
      const { deps } = await world();
      const forged = await signedDiploma(
        { issuer: { iri: stranger.issuerIri, name: 'Sở Giáo dục và Đào tạo Quảng Ninh' } },
        stranger,
      );
      const report = await verifyCredential(forged, deps);
      expect(outcomes(report)).toEqual({
        'well-formed': 'passed:well-formed',
        signature: 'not-checked:no-trusted-key',
        'issuer-trusted': 'failed:issuer-unknown',
        'not-expired': 'not-checked:signature-not-verified',
        status: 'not-checked:signature-not-verified',
      });
      expect(report.issuer).toBeUndefined();
      expect(report.checks[1].message).toContain('Chưa kiểm tra');
    });

    it("a trusted key whose controller is not the credential's issuer fails", async () => {
      const { deps } = await world();
      // Signed by the commune, then relabelled as the department's (and a key id pointing at the commune).
      const diploma = await signedDiploma({ issuer: { iri: COMMUNE, name: 'x' } }, commune);
      diploma.issuer = {
        id: DEPARTMENT,
        type: ['Profile'],
        name: 'Sở Giáo dục và Đào tạo Quảng Ninh',
      };
      expect(outcomes(await verifyCredential(diploma, deps))['issuer-trusted']).toBe(
        'failed:issuer-mismatch',
      );
    });

    it('a registry entry whose controller document does not authorise the key fails', async () => {
      const w = await world();
      const entry = w.trusted.get(department.verificationMethodId)!;
      entry.controllerDocument = issuerControllerDocument(DEPARTMENT, entry.name, []);
      expect(
        outcomes(await verifyCredential(await signedDiploma(), w.deps))['issuer-trusted'],
      ).toBe('failed:key-not-authorised');
    });

    it('a revoked key fails', async () => {
      const w = await world();
      w.trusted.get(department.verificationMethodId)!.revokedAt = '2025-07-25T00:00:00Z';
      const report = await verifyCredential(await signedDiploma(), w.deps);
      expect(outcomes(report)['issuer-trusted']).toBe('failed:issuer-key-revoked');
      expect(report.verified).toBe(false);
    });

    it('a failing registry lookup is a report, not an exception', async () => {
      const { deps } = await world();
      const report = await verifyCredential(await signedDiploma(), {
        ...deps,
        trustedIssuer: async () => {
          throw new Error('database down');
        },
      });
      expect(outcomes(report)['issuer-trusted']).toBe('failed:issuer-lookup-failed');
    });
  });

  describe('unsupported proofs', () => {
    const cases: [string, (c: SignedCredential) => void][] = [
      ['Ed25519Signature2020', (c) => ((c.proof as JsonObject)['type'] = 'Ed25519Signature2020')],
      ['another cryptosuite', (c) => ((c.proof as JsonObject)['cryptosuite'] = 'eddsa-jcs-2022')],
      [
        'another proof purpose',
        (c) => ((c.proof as JsonObject)['proofPurpose'] = 'authentication'),
      ],
      ['no proof', (c) => delete (c as Partial<SignedCredential>).proof],
      ['two proofs', (c) => ((c as JsonObject)['proof'] = [c.proof, c.proof])],
    ];
    it.each(cases)('%s fails well-formed with unsupported-proof', async (_name, change) => {
      const { deps } = await world();
      const diploma = await signedDiploma();
      change(diploma);
      expectWellFormedOnlyFailure(await verifyCredential(diploma, deps), 'unsupported-proof');
    });
  });

  describe('malformed input', () => {
    it('an undefined term fails JSON-LD safe-mode expansion', async () => {
      const { deps } = await world();
      const diploma = (await signedDiploma()) as SignedCredential & JsonObject;
      diploma['nickname'] = 'x';
      expectWellFormedOnlyFailure(await verifyCredential(diploma, deps), 'malformed-json-ld');
      const nested = await signedDiploma();
      nested.credentialSubject['favouriteColour'] = 'blue';
      expectWellFormedOnlyFailure(await verifyCredential(nested, deps), 'malformed-json-ld');
    });

    it('a context URL that is not bundled fails naming the URL', async () => {
      const { deps } = await world();
      const diploma = await signedDiploma();
      diploma['@context'] = [...diploma['@context'], 'https://evil.example/context.json'];
      const report = await verifyCredential(diploma, deps);
      expectWellFormedOnlyFailure(report, 'unknown-context');
      expect(report.checks[0].detail).toEqual({ contextUrl: 'https://evil.example/context.json' });
    });

    it('an inline context is refused', async () => {
      const { deps } = await world();
      const diploma = (await signedDiploma()) as unknown as JsonObject;
      diploma['@context'] = [
        ...(diploma['@context'] as string[]),
        { nickname: 'https://evil.example#nickname' },
      ];
      expectWellFormedOnlyFailure(await verifyCredential(diploma, deps), 'unknown-context');
    });

    it('a context further down the document is refused, bundled or not', async () => {
      const { deps } = await world();
      for (const context of [
        'https://w3id.org/security/v2',
        'https://www.w3.org/ns/credentials/v2',
      ]) {
        const diploma = await signedDiploma();
        diploma.credentialSubject['@context'] = context;
        expectWellFormedOnlyFailure(await verifyCredential(diploma, deps), 'unknown-context');
      }
    });

    it('absurdly deep or cyclic input is malformed, not a crash', async () => {
      const { deps } = await world();
      const deep = await signedDiploma();
      let node: JsonObject = deep.credentialSubject;
      for (let i = 0; i < 100; i++)
        node = node['school'] = { id: 'urn:x:1', type: 'School', name: 'x' } as JsonObject;
      expectWellFormedOnlyFailure(await verifyCredential(deep, deps), 'malformed-json-ld');
      const cyclic = await signedDiploma();
      const school = cyclic.credentialSubject['school'] as Record<string, unknown>;
      school['sameAs'] = school;
      expectWellFormedOnlyFailure(await verifyCredential(cyclic, deps), 'malformed-json-ld');
    });

    it('a VC 1.1 credential or one without required fields is not a VC 2.0 credential', async () => {
      const { deps } = await world();
      const v1 = (await signedDiploma()) as unknown as JsonObject;
      v1['@context'] = ['https://www.w3.org/2018/credentials/v1'];
      expectWellFormedOnlyFailure(await verifyCredential(v1, deps), 'not-a-verifiable-credential');
      const noSubject = (await signedDiploma()) as Partial<SignedCredential>;
      delete noSubject.credentialSubject;
      expectWellFormedOnlyFailure(
        await verifyCredential(noSubject, deps),
        'not-a-verifiable-credential',
      );
    });

    it('something that is not an object, or not JSON at all', async () => {
      const { deps } = await world();
      for (const input of [42, null, undefined, [], 'null', '[1,2]']) {
        expectWellFormedOnlyFailure(await verifyCredential(input, deps), 'not-an-object');
      }
      for (const input of ['{not json', 'https://credentials.quangninh.edu.vn/v/abc', '']) {
        expectWellFormedOnlyFailure(await verifyCredential(input, deps), 'not-json');
      }
    });

    it('a status entry of another kind', async () => {
      const { deps } = await world();
      const diploma = await signedDiploma();
      (diploma['credentialStatus'] as JsonObject[])[0]['statusListIndex'] = 42 as unknown as string;
      expectWellFormedOnlyFailure(await verifyCredential(diploma, deps), 'unsupported-status');
    });
  });

  it('accepts a Buffer, and a credential without status entries (status passes: nothing to check)', async () => {
    const { deps } = await world();
    expect(
      (await verifyCredential(Buffer.from(JSON.stringify(await signedDiploma())), deps)).verified,
    ).toBe(true);
    const unsigned = buildDiplomaCredential(claims());
    delete unsigned['credentialStatus'];
    const report = await verifyCredential(await signCredential(unsigned, department), deps);
    expect(outcomes(report).status).toBe('passed:no-status-entry');
  });

  describe('validity dates', () => {
    it('a credential valid from a future date fails not-expired', async () => {
      const { deps } = await world();
      const report = await verifyCredential(await signedDiploma(), {
        ...deps,
        now: new Date('2025-07-19T00:00:00Z'),
      });
      expect(outcomes(report)['not-expired']).toBe('failed:not-yet-valid');
      expect(outcomes(report).signature).toBe('passed:signature-valid');
    });

    it('a credential past its validUntil fails not-expired', async () => {
      const { deps } = await world();
      const unsigned: UnsignedCredential = {
        ...buildDiplomaCredential(claims()),
        validUntil: '2025-07-31T00:00:00Z',
      };
      const report = await verifyCredential(await signCredential(unsigned, department), deps);
      expect(outcomes(report)['not-expired']).toBe('failed:expired');
    });
  });

  describe('status', () => {
    it('a set revocation bit fails with revoked', async () => {
      const w = await world();
      await w.publishList('revocation', [INDEX]);
      const report = await verifyCredential(await signedDiploma(), w.deps);
      expect(outcomes(report).status).toBe('failed:revoked');
      expect(report.verified).toBe(false);
    });

    it('a set suspension bit fails with suspended; revocation outranks it', async () => {
      const w = await world();
      await w.publishList('suspension', [INDEX]);
      expect(outcomes(await verifyCredential(await signedDiploma(), w.deps)).status).toBe(
        'failed:suspended',
      );
      await w.publishList('revocation', [INDEX]);
      expect(outcomes(await verifyCredential(await signedDiploma(), w.deps)).status).toBe(
        'failed:revoked',
      );
    });

    it('bits of other credentials do not matter', async () => {
      const w = await world();
      await w.publishList('revocation', [INDEX - 1, INDEX + 1, 0, 131071]);
      expect((await verifyCredential(await signedDiploma(), w.deps)).verified).toBe(true);
    });

    it('a status list whose proof was tampered is not trusted', async () => {
      const w = await world();
      const list = await w.publishList('revocation', []);
      // Someone edits the list (clears/sets bits) without the issuer's key.
      const bits = newStatusListBits();
      setStatusBit(bits, 7, true);
      const forged = await buildStatusListCredential({
        url: LIST.revocation,
        purpose: 'revocation',
        issuerIri: DEPARTMENT,
        validFrom: '2025-07-20T00:00:00Z',
        bits,
      });
      w.lists.set(LIST.revocation, { ...list, credentialSubject: forged.credentialSubject });
      expect(outcomes(await verifyCredential(await signedDiploma(), w.deps)).status).toBe(
        'failed:status-list-invalid',
      );
    });

    it('a status list signed by an unknown key, or for another purpose, is not trusted', async () => {
      const w = await world();
      const foreign = await signCredential(
        await buildStatusListCredential({
          url: LIST.revocation,
          purpose: 'revocation',
          issuerIri: stranger.issuerIri,
          validFrom: '2025-07-20T00:00:00Z',
          bits: newStatusListBits(),
        }),
        stranger,
      );
      w.lists.set(LIST.revocation, foreign);
      expect(outcomes(await verifyCredential(await signedDiploma(), w.deps)).status).toBe(
        'failed:status-list-invalid',
      );

      const v = await world();
      const suspensionAsRevocation = await signCredential(
        await buildStatusListCredential({
          url: LIST.revocation,
          purpose: 'suspension',
          issuerIri: DEPARTMENT,
          validFrom: '2025-07-20T00:00:00Z',
          bits: newStatusListBits(),
        }),
        department,
      );
      v.lists.set(LIST.revocation, suspensionAsRevocation);
      expect(outcomes(await verifyCredential(await signedDiploma(), v.deps)).status).toBe(
        'failed:status-list-invalid',
      );
    });

    it('an unknown status list fails with status-unavailable', async () => {
      const w = await world();
      w.lists.delete(LIST.suspension);
      expect(outcomes(await verifyCredential(await signedDiploma(), w.deps)).status).toBe(
        'failed:status-unavailable',
      );
      const report = await verifyCredential(await signedDiploma(), {
        ...w.deps,
        statusListCredential: async () => {
          throw new Error('store down');
        },
      });
      expect(outcomes(report).status).toBe('failed:status-unavailable');
    });
  });
});
