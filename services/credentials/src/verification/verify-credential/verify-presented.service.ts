import { Injectable } from '@nestjs/common';
import { AuthorityRegistry } from '../../authorities/authority-registry';
import { StatusListsRepository } from '../../credential-status/status-lists.repository';
import { decodeQrImage } from '../../shared/verifiable-credentials/decode-qr';
import {
  verifyCredential,
  type VerificationReport,
} from '../../shared/verifiable-credentials/verify-credential';
import { CredentialLookupRepository } from '../credential-lookup.repository';
import {
  credentialUuidOf,
  readPresentedText,
  type PresentedInput,
} from '../domain/presented-input';
import { matchRegister, type RegisterCheck } from '../domain/register-match';

type Check = VerificationReport['checks'][number] | RegisterCheck;

/** What a verifier is answered: six checks in order, the verdict, and what the diploma says. */
export interface VerificationAnswer {
  verified: boolean;
  /** Vietnamese, one sentence: what the verifier can rely on. */
  verdict: string;
  checks: Check[];
  credentialId?: string;
  issuer?: { iri: string; name: string };
  subject?: VerificationReport['subjectSummary'];
}

const UNREADABLE_VI: Record<string, string> = {
  'not-json': 'Nội dung gửi lên không phải JSON hợp lệ.',
  'not-a-link': 'Nội dung không phải một văn bằng số hay đường dẫn xác minh của hệ thống.',
  empty: 'Không có nội dung để xác minh.',
  'image-unreadable': 'Không đọc được ảnh (chỉ nhận PNG hoặc JPEG).',
  'qr-not-found': 'Không tìm thấy mã QR trong ảnh.',
  'unsupported-file': 'Loại tệp không được hỗ trợ (gửi JSON, PNG hoặc JPEG).',
};

/**
 * Public verification of a diploma: presented as the credential (JSON), the link its QR code
 * holds, or a photo of that QR code. The credential's own checks (well-formed, signature, issuer
 * trusted, not expired, status) then the register's: a link names a credential by id and hash,
 * so the stored credential is checked and must have that hash.
 */
@Injectable()
export class VerifyPresentedService {
  constructor(
    private readonly lookup: CredentialLookupRepository,
    private readonly registry: AuthorityRegistry,
    private readonly statusLists: StatusListsRepository,
  ) {}

  /** A file or text body as the API received it. */
  async verifyBody(body: unknown, mediaType: string): Promise<VerificationAnswer> {
    return this.verify(this.read(body, mediaType));
  }

  read(body: unknown, mediaType: string): PresentedInput | { kind: 'unreadable'; code: string } {
    if (Buffer.isBuffer(body)) {
      if (mediaType !== 'image/png' && mediaType !== 'image/jpeg')
        return { kind: 'unreadable', code: 'unsupported-file' };
      const qr = decodeQrImage(body);
      return qr.ok ? readPresentedText(qr.text) : { kind: 'unreadable', code: qr.code };
    }
    if (typeof body === 'string') return readPresentedText(body);
    if (body === undefined || body === null) return { kind: 'unreadable', code: 'empty' };
    return { kind: 'credential', credential: body };
  }

  async verify(
    input: PresentedInput | { kind: 'unreadable'; code: string },
  ): Promise<VerificationAnswer> {
    if (input.kind === 'unreadable') return unreadable(input.code);
    if (input.kind === 'link') {
      const stored = await this.lookup.byId(input.credentialId);
      if (!stored || stored.hash !== input.hash)
        return {
          verified: false,
          verdict: 'Không xác minh được: đường dẫn không trỏ tới văn bằng nào trong sổ gốc.',
          checks: [
            ...notChecked('Không có văn bằng để kiểm tra.'),
            {
              check: 'register',
              outcome: 'failed',
              code: stored ? 'hash-mismatch' : 'not-in-register',
              message: stored
                ? 'Mã băm trong đường dẫn không khớp với văn bằng đã cấp.'
                : 'Không tìm thấy văn bằng này trong sổ gốc.',
            },
          ],
        };
      return this.verifyCredential(stored.document);
    }
    return this.verifyCredential(input.credential);
  }

  private async verifyCredential(credential: unknown): Promise<VerificationAnswer> {
    const report = await verifyCredential(credential, {
      now: new Date(),
      trustedIssuer: async (vm) => {
        const t = await this.registry.byVerificationMethod(vm);
        return (
          t && { issuerIri: t.issuerIri, name: t.name, controllerDocument: t.controllerDocument }
        );
      },
      statusListCredential: async (url) => {
        const id = this.statusLists.idOfUrl(url);
        return id ? (await this.statusLists.credential(id))?.credential : undefined;
      },
    });
    const uuid = credentialUuidOf(credential);
    const wellFormed = report.checks[0]?.outcome === 'passed';
    const register: RegisterCheck =
      wellFormed && uuid
        ? matchRegister(credential, uuid, (await this.lookup.byId(uuid))?.entry)
        : {
            check: 'register',
            outcome: 'not-checked',
            code: 'not-well-formed',
            message: 'Không đối chiếu sổ gốc vì văn bằng không đúng định dạng.',
          };
    const checks: Check[] = [...report.checks, register];
    const verified = checks.every((c) => c.outcome === 'passed');
    return {
      verified,
      verdict: verified
        ? 'Văn bằng hợp lệ: do cơ quan có thẩm quyền cấp, chưa bị sửa đổi, còn hiệu lực và khớp với sổ gốc.'
        : `Văn bằng KHÔNG hợp lệ: ${checks.find((c) => c.outcome === 'failed')?.message ?? ''}`,
      checks,
      credentialId: report.credentialId,
      issuer: report.issuer,
      subject: report.subjectSummary,
    };
  }
}

function notChecked(why: string): Check[] {
  return (['well-formed', 'signature', 'issuer-trusted', 'not-expired', 'status'] as const).map(
    (check) => ({ check, outcome: 'not-checked' as const, code: 'no-credential', message: why }),
  );
}

function unreadable(code: string): VerificationAnswer {
  const message = UNREADABLE_VI[code] ?? 'Không đọc được nội dung gửi lên.';
  return {
    verified: false,
    verdict: `Không xác minh được: ${message}`,
    checks: [
      { check: 'well-formed', outcome: 'failed', code, message },
      ...notChecked('Không kiểm tra vì không đọc được văn bằng.').slice(1),
      {
        check: 'register',
        outcome: 'not-checked',
        code: 'no-credential',
        message: 'Không đối chiếu sổ gốc vì không đọc được văn bằng.',
      },
    ],
  };
}
