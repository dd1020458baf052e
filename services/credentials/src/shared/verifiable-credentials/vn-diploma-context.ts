// Our JSON-LD extension context for the Vietnamese graduation diploma (văn bằng tốt nghiệp):
// the terms Open Badges 3.0 lacks. Served publicly at VN_DIPLOMA_CONTEXT_URL and bundled here so
// that issuing and verifying never fetch it. Once published it must never change: a signature
// covers the expanded terms, so editing an IRI would break every credential already issued.

export const VN_DIPLOMA_CONTEXT_URL = 'https://credentials.quangninh.edu.vn/contexts/diploma/v1';
export const VN_VOCAB = 'https://credentials.quangninh.edu.vn/vocab#';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const vn = (term: string): string => `${VN_VOCAB}${term}`;

export const VN_DIPLOMA_CONTEXT = {
  '@context': {
    '@version': 1.1,
    '@protected': true,
    id: '@id',
    type: '@type',
    // Node types used with the terms below.
    School: vn('School'),
    OriginalRegisterEntry: vn('OriginalRegisterEntry'),
    // Holder facts printed on the diploma (credentialSubject).
    birthDate: { '@id': vn('birthDate'), '@type': `${XSD}date` },
    placeOfBirth: vn('placeOfBirth'), // nơi sinh
    gender: vn('gender'), // giới tính: 'male' | 'female'
    ethnicity: vn('ethnicity'), // dân tộc
    graduationYear: { '@id': vn('graduationYear'), '@type': `${XSD}integer` },
    classification: vn('classification'), // xếp loại tốt nghiệp
    school: { '@id': vn('school'), '@type': '@id' },
    // Sổ gốc cấp văn bằng: the original register the diploma is recorded in.
    originalRegisterEntry: {
      '@id': vn('originalRegisterEntry'),
      '@context': {
        '@protected': true,
        registerCode: vn('registerCode'),
        entryNumber: vn('entryNumber'), // số vào sổ gốc
        serialNumber: vn('serialNumber'), // số hiệu văn bằng
      },
    },
    decisionReference: vn('decisionReference'), // số/ký hiệu quyết định công nhận tốt nghiệp
    // Corrections (chỉnh sửa văn bằng) issue a new version that names the one it replaces.
    credentialVersion: { '@id': vn('credentialVersion'), '@type': `${XSD}integer` },
    previousCredential: { '@id': vn('previousCredential'), '@type': '@id' },
  },
} as const;
