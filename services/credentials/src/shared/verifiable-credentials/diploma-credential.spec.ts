import jsonld from 'jsonld';
import {
  CREDENTIALS_V2_CONTEXT_URL,
  OPEN_BADGES_CONTEXT_URL,
  UnknownDocumentError,
  VN_DIPLOMA_CONTEXT_URL,
  createDocumentLoader,
} from './bundled-contexts';
import {
  buildDiplomaCredential,
  InvalidDiplomaClaimsError,
  type DiplomaClaims,
} from './diploma-credential';
import { VN_VOCAB } from './vn-diploma-context';

function sampleClaims(overrides: Partial<DiplomaClaims> = {}): DiplomaClaims {
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
    school: {
      id: 'https://credentials.quangninh.edu.vn/schools/thpt-ha-long',
      name: 'Trường THPT Hạ Long',
    },
    graduationYear: 2025,
    classification: 'Khá',
    register: { code: 'THPT-2025-SGDDT', entryNumber: '1234/2025', serialNumber: 'QN 0012345' },
    issuer: {
      iri: 'https://credentials.quangninh.edu.vn/issuers/so-gddt',
      name: 'Sở Giáo dục và Đào tạo Quảng Ninh',
    },
    issuedAt: '2025-07-20T00:00:00Z',
    decisionReference: '1234/QĐ-SGDĐT',
    version: 1,
    status: {
      revocation: {
        listUrl: 'https://credentials.quangninh.edu.vn/status/revocation/1',
        index: 42,
      },
      suspension: {
        listUrl: 'https://credentials.quangninh.edu.vn/status/suspension/1',
        index: 42,
      },
    },
    achievementBaseUrl: 'https://credentials.quangninh.edu.vn/achievements',
    ...overrides,
  };
}

/** All IRIs of the expanded document (keys and @type values), to see nothing fell into a wrong namespace. */
function expandedIris(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => expandedIris(n, into));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (!key.startsWith('@')) into.add(key);
      if (key === '@type') [value].flat().forEach((t) => into.add(String(t)));
      expandedIris(value, into);
    }
  }
  return into;
}

describe('buildDiplomaCredential', () => {
  const credential = buildDiplomaCredential(sampleClaims());

  it('is an Open Badges 3.0 credential with our extension context', () => {
    expect(credential['@context']).toEqual([
      CREDENTIALS_V2_CONTEXT_URL,
      OPEN_BADGES_CONTEXT_URL,
      VN_DIPLOMA_CONTEXT_URL,
    ]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.id).toBe('urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(credential.issuer).toEqual({
      id: 'https://credentials.quangninh.edu.vn/issuers/so-gddt',
      type: ['Profile'],
      name: 'Sở Giáo dục và Đào tạo Quảng Ninh',
    });
    expect(credential.validFrom).toBe('2025-07-20T00:00:00Z');
    expect(credential).not.toHaveProperty('validUntil');
    expect(credential['name']).toBe('Bằng tốt nghiệp trung học phổ thông');
    expect(credential['credentialVersion']).toBe(1);
    expect(credential).not.toHaveProperty('previousCredential');
  });

  it('names the holder through an OB IdentityObject and carries the diploma facts', () => {
    expect(credential.credentialSubject).toMatchObject({
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'name',
          hashed: false,
          identityHash: 'Nguyễn Thị Minh Anh',
        },
      ],
      birthDate: '2007-03-15',
      placeOfBirth: 'Hạ Long, Quảng Ninh',
      gender: 'female',
      ethnicity: 'Kinh',
      graduationYear: 2025,
      classification: 'Khá',
      school: {
        id: 'https://credentials.quangninh.edu.vn/schools/thpt-ha-long',
        type: 'School',
        name: 'Trường THPT Hạ Long',
      },
      originalRegisterEntry: {
        type: 'OriginalRegisterEntry',
        registerCode: 'THPT-2025-SGDDT',
        entryNumber: '1234/2025',
        serialNumber: 'QN 0012345',
      },
      decisionReference: '1234/QĐ-SGDĐT',
      achievement: {
        id: 'https://credentials.quangninh.edu.vn/achievements/upper-secondary-diploma',
        type: ['Achievement'],
        achievementType: 'Diploma',
        name: 'Bằng tốt nghiệp trung học phổ thông',
        inLanguage: 'vi',
      },
    });
    const achievement = credential.credentialSubject['achievement'] as Record<string, unknown>;
    expect(achievement['description']).toEqual(expect.stringContaining('trung học phổ thông'));
    expect(achievement['criteria']).toEqual({
      narrative: expect.stringContaining('công nhận tốt nghiệp'),
    });
  });

  it('has a revocation and a suspension BitstringStatusListEntry', () => {
    expect(credential['credentialStatus']).toEqual([
      {
        id: 'https://credentials.quangninh.edu.vn/status/revocation/1#42',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '42',
        statusListCredential: 'https://credentials.quangninh.edu.vn/status/revocation/1',
      },
      {
        id: 'https://credentials.quangninh.edu.vn/status/suspension/1#42',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'suspension',
        statusListIndex: '42',
        statusListCredential: 'https://credentials.quangninh.edu.vn/status/suspension/1',
      },
    ]);
  });

  it('expands in JSON-LD safe mode with every term defined (nothing dropped)', async () => {
    const expanded = await jsonld.expand(credential, {
      documentLoader: createDocumentLoader(),
      safe: true,
    });
    const iris = expandedIris(expanded);
    for (const term of [
      'birthDate',
      'placeOfBirth',
      'gender',
      'ethnicity',
      'graduationYear',
      'classification',
      'school',
      'originalRegisterEntry',
      'registerCode',
      'entryNumber',
      'serialNumber',
      'decisionReference',
      'credentialVersion',
      'School',
      'OriginalRegisterEntry',
    ]) {
      expect(iris).toContain(`${VN_VOCAB}${term}`);
    }
    expect(iris).toContain('https://purl.imsglobal.org/spec/vc/ob/vocab.html#IdentityObject');
    expect(iris).toContain('https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement');
    expect(iris).toContain('https://www.w3.org/ns/credentials/status#BitstringStatusListEntry');
    for (const iri of iris) expect(iri).toMatch(/^https?:\/\//);
  });

  it('expands a correction (previousCredential) and a lower secondary diploma without optional facts', async () => {
    const correction = buildDiplomaCredential(
      sampleClaims({
        kind: 'lower-secondary-diploma',
        version: 2,
        previousCredentialId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        holder: {
          fullName: 'Trần Văn Bình',
          dateOfBirth: '2010-01-02',
          placeOfBirth: null,
          gender: null,
          ethnicity: null,
        },
        classification: null,
        school: { id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', name: 'Trường THCS Bãi Cháy' },
      }),
    );
    expect(correction['name']).toBe('Bằng tốt nghiệp trung học cơ sở');
    expect(correction['previousCredential']).toBe('urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(correction['credentialVersion']).toBe(2);
    for (const absent of ['placeOfBirth', 'gender', 'ethnicity', 'classification']) {
      expect(correction.credentialSubject).not.toHaveProperty(absent);
    }
    expect(correction.credentialSubject['school']).toMatchObject({
      id: 'urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    });
    const expanded = await jsonld.expand(correction, {
      documentLoader: createDocumentLoader(),
      safe: true,
    });
    expect(expandedIris(expanded)).toContain(`${VN_VOCAB}previousCredential`);
  });

  it('NFC-normalises every string (a decomposed name signs the same bytes as a composed one)', () => {
    const decomposed = 'Nguyễn Thị Minh Anh'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn Thị Minh Anh');
    const built = buildDiplomaCredential(
      sampleClaims({
        holder: { ...sampleClaims().holder, fullName: decomposed },
        decisionReference: '1234/QĐ-SGDĐT'.normalize('NFD'),
      }),
    );
    expect(built).toEqual(credential);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildDiplomaCredential(sampleClaims()))).toBe(JSON.stringify(credential));
  });

  it('rejects malformed claims naming the field, never the value', () => {
    const bad: [Partial<DiplomaClaims>, string][] = [
      [{ credentialId: 'not-a-uuid' }, 'credentialId'],
      [{ holder: { ...sampleClaims().holder, dateOfBirth: '15/03/2007' } }, 'holder.dateOfBirth'],
      [{ issuedAt: '2025-07-20' }, 'issuedAt'],
      [{ version: 2 }, 'previousCredentialId'],
      [
        {
          status: {
            ...sampleClaims().status,
            revocation: { listUrl: 'https://x.example/l', index: 131072 },
          },
        },
        'status.revocation.index',
      ],
      [{ school: { id: 'school 12', name: 'Trường' } }, 'school.id'],
    ];
    for (const [override, field] of bad) {
      let error: unknown;
      try {
        buildDiplomaCredential(sampleClaims(override));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidDiplomaClaimsError);
      expect((error as Error).message).toBe(`Invalid diploma claim: ${field}`);
    }
  });
});

describe('createDocumentLoader', () => {
  it('serves bundled contexts, and fails on any other URL naming it (never the network)', async () => {
    const loader = createDocumentLoader();
    for (const url of [
      CREDENTIALS_V2_CONTEXT_URL,
      OPEN_BADGES_CONTEXT_URL,
      VN_DIPLOMA_CONTEXT_URL,
      'https://w3id.org/security/multikey/v1',
    ]) {
      await expect(loader(url)).resolves.toMatchObject({
        documentUrl: url,
        document: { '@context': expect.anything() },
      });
    }
    await expect(loader('https://www.w3.org/ns/credentials/examples/v2')).rejects.toThrow(
      new UnknownDocumentError('https://www.w3.org/ns/credentials/examples/v2'),
    );
  });

  it('resolves trusted controller documents and their verification methods', async () => {
    const controller = {
      id: 'https://issuer.example',
      verificationMethod: [
        {
          id: 'https://issuer.example#z6Mk1',
          type: 'Multikey',
          controller: 'https://issuer.example',
          publicKeyMultibase: 'z6Mk1',
        },
      ],
      assertionMethod: ['https://issuer.example#z6Mk1'],
    };
    const loader = createDocumentLoader({
      resolveController: (iri) => (iri === controller.id ? controller : undefined),
    });
    await expect(loader('https://issuer.example')).resolves.toMatchObject({ document: controller });
    await expect(loader('https://issuer.example#z6Mk1')).resolves.toMatchObject({
      document: {
        '@context': 'https://w3id.org/security/multikey/v1',
        id: 'https://issuer.example#z6Mk1',
        type: 'Multikey',
      },
    });
    await expect(loader('https://issuer.example#z6Mk2')).rejects.toThrow(UnknownDocumentError);
  });

  it('hands out copies, so a processor cannot alter the bundled contexts', async () => {
    const loader = createDocumentLoader();
    const first = (await loader(VN_DIPLOMA_CONTEXT_URL)).document as Record<string, unknown>;
    first['@context'] = null;
    const second = (await loader(VN_DIPLOMA_CONTEXT_URL)).document as Record<string, unknown>;
    expect(second['@context']).not.toBeNull();
  });
});
