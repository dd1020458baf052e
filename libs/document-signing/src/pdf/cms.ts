import { createHash, sign, type KeyObject } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  id_signingTime,
  IssuerAndSerialNumber,
  MessageDigest,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  SigningTime,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import type { Certificate } from '../pki/certificates';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const RSA_SHA256 = '1.2.840.113549.1.1.11';
const ED25519 = '1.3.101.112';
/** DER of the OBJECT IDENTIFIER id-data: the content-type attribute's value. */
const ID_DATA_DER = Buffer.from('06092a864886f70d010701', 'hex');
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

const toArrayBuffer = (b: Uint8Array): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function signatureAlgorithm(key: KeyObject): { alg: AlgorithmIdentifier; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { alg: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }), digest: 'sha256' };
    case 'rsa':
      return {
        alg: new AlgorithmIdentifier({ algorithm: RSA_SHA256, parameters: DER_NULL }),
        digest: 'sha256',
      };
    case 'ed25519':
      return { alg: new AlgorithmIdentifier({ algorithm: ED25519 }), digest: null };
    default:
      throw new Error(`unsupported PDF signing key (${key.asymmetricKeyType})`);
  }
}

export interface DetachedCmsInput {
  /** The bytes signed: for a PDF, the ByteRange (everything but the Contents hole). */
  content: Buffer;
  privateKey: KeyObject;
  /** Leaf first; every certificate goes into the CMS so a reader can build the path. */
  chain: Certificate[];
  signingTime: Date;
}

/**
 * A detached CMS SignedData (RFC 5652) as PDF readers expect for adbe.pkcs7.detached: no
 * encapsulated content, signed attributes content-type, message-digest (SHA-256 of the byte
 * range) and signing-time, the signer identified by issuer and serial number.
 */
export function createDetachedCms(input: DetachedCmsInput): Buffer {
  const leaf = AsnConvert.parse(input.chain[0].rawData, AsnCertificate);
  const { alg, digest } = signatureAlgorithm(input.privateKey);
  const messageDigest = createHash('sha256').update(input.content).digest();
  const attributes = [
    new Attribute({ attrType: id_contentType, attrValues: [toArrayBuffer(ID_DATA_DER)] }),
    new Attribute({
      attrType: id_signingTime,
      attrValues: [AsnConvert.serialize(new SigningTime(input.signingTime))],
    }),
    new Attribute({
      attrType: id_messageDigest,
      attrValues: [AsnConvert.serialize(new MessageDigest(toArrayBuffer(messageDigest)))],
    }),
  ];
  // DER orders a SET OF by encoding; verifiers that re-encode the attributes (OpenSSL, NSS)
  // would otherwise hash other bytes than were signed.
  const encoded = attributes
    .map((a) => ({ a, der: Buffer.from(AsnConvert.serialize(a)) }))
    .sort((x, y) => Buffer.compare(x.der, y.der));
  const body = Buffer.concat(encoded.map((e) => e.der));
  // The signature covers the attributes as a SET (tag 0x31), not as the [0] field they sit in.
  const signedAttrsDer = Buffer.concat([Buffer.from([0x31]), derLength(body.length), body]);
  const signature = sign(digest, signedAttrsDer, input.privateKey);

  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: leaf.tbsCertificate.issuer,
        serialNumber: leaf.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256 }),
    signedAttrs: encoded.map((e) => e.a),
    signatureAlgorithm: alg,
  });
  signerInfo.signature = new OctetString(toArrayBuffer(signature));
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([
      new AlgorithmIdentifier({ algorithm: SHA256 }),
    ]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet(
      input.chain.map(
        (c) => new CertificateChoices({ certificate: AsnConvert.parse(c.rawData, AsnCertificate) }),
      ),
    ),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return Buffer.from(
    AsnConvert.serialize(
      new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) }),
    ),
  );
}
