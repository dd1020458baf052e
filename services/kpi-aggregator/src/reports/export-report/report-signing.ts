import { resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CmsPdfSigner,
  commonName,
  DemoCaSigner,
  readDemoCa,
  signPdf,
  type DocumentSigner,
  type SignerIdentity,
} from '@qn/document-signing';
import { SERVICE_CONFIG } from '@qn/service-kit';
import type { KpiConfig } from '../../config';
import type { ProvinceReport } from '../domain/report-model';

/**
 * Reports are signed with the issuing body's seal (con dấu số của cơ quan) through the
 * platform's document-signing port (libs/document-signing, the one records signs học bạ with),
 * as an adbe.pkcs7.detached PDF signature readers verify. REPORTS_SIGNER: `none` (default: the
 * PDF goes out unsigned, to be signed by the unit's own signing tool) or `demo-ca` (the demo's
 * CA issues each unit's seal certificate on first use; demo and tests only). A CA's remote
 * signing service holds its keys, so it signs JWS, not PDFs: with one, reports go out unsigned.
 */
@Injectable()
export class ReportSigning {
  private readonly logger = new Logger('ReportSigning');
  private readonly signer: DocumentSigner | null;

  constructor(@Inject(SERVICE_CONFIG) config: KpiConfig) {
    this.signer = this.signerFor(config);
  }

  private signerFor(config: KpiConfig): DocumentSigner | null {
    if (config.REPORTS_SIGNER === 'none') return null;
    if (!config.REPORTS_DEMO_PKI_DIR)
      throw new Error('REPORTS_SIGNER=demo-ca needs REPORTS_DEMO_PKI_DIR (the demo PKI folder)');
    this.logger.warn(
      'REPORTS_SIGNER=demo-ca: the demo CA issues software keys on first use (demo and tests only)',
    );
    return new DemoCaSigner({
      ...readDemoCa(resolve(config.REPORTS_DEMO_PKI_DIR)),
      register: () => Promise.resolve(),
    });
  }

  /** The seal of the unit that issues the report (the department's for the province). */
  static sealOf(unit: ProvinceReport['reportingUnit'], issuingBody: string): SignerIdentity {
    return { id: `${unit.id}/unit-seal`, role: 'unit-seal', schoolId: unit.id, name: issuingBody };
  }

  /**
   * The seal's key where the signer holds it, and the name its certificate gives: what the PDF's
   * signature block prints and its signature field names. Null when reports are not signed here.
   */
  async sealFor(report: ProvinceReport): Promise<{ signer: CmsPdfSigner; name: string } | null> {
    const identity = ReportSigning.sealOf(
      report.reportingUnit,
      report.form.issuingBody.name.replace('\n', ' '),
    );
    const key = await this.signer?.localKeyOf?.(identity);
    if (!key) return null;
    return { signer: new CmsPdfSigner(key.privateKey, key.chain), name: commonName(key.chain[0]) };
  }

  /** Fills the PDF's signature placeholder (pdf-document.ts put it there) with the seal's CMS. */
  sign(pdf: Buffer, seal: { signer: CmsPdfSigner }, signingTime: Date): Promise<Buffer> {
    return signPdf(pdf, seal.signer, signingTime);
  }
}
