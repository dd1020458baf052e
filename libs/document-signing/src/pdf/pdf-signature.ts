import type { KeyObject } from 'node:crypto';
import signpdf from '@signpdf/signpdf';
import {
  DEFAULT_BYTE_RANGE_PLACEHOLDER,
  DEFAULT_SIGNATURE_LENGTH,
  SIG_FLAGS,
  Signer,
  SUBFILTER_ADOBE_PKCS7_DETACHED,
} from '@signpdf/utils';
import type { Certificate } from '../pki/certificates';
import { createDetachedCms } from './cms';

export interface SignatureFieldInfo {
  /** Shown by readers in the signature panel. */
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  signingTime: Date;
}

/** pdfkit's internals that the signature dictionary needs (not in its type definitions). */
interface PdfKitInternals {
  ref(data: Record<string, unknown>): { end(): void };
  initForm(): void;
  _acroform?: unknown;
  _root: { data: { AcroForm: { data: { Fields: unknown[]; DR?: unknown } } } };
  page: { dictionary: unknown; annotations: unknown[] };
}

/**
 * Adds the signature dictionary with its ByteRange and Contents placeholders, an invisible
 * signature field and the AcroForm flags, to the document before it ends. Adapted from
 * @signpdf/placeholder-pdfkit (MIT), whose peer range stops at pdfkit 0.11.
 */
export function addSignaturePlaceholder(doc: PDFKit.PDFDocument, info: SignatureFieldInfo): void {
  const pdf = doc as unknown as PdfKitInternals;
  // pdfkit writes a String object as a PDF text string (UTF-16 for Vietnamese), a plain string as a name.
  const text = (s: string) => new String(s);
  const signature = pdf.ref({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    ByteRange: [
      0,
      DEFAULT_BYTE_RANGE_PLACEHOLDER,
      DEFAULT_BYTE_RANGE_PLACEHOLDER,
      DEFAULT_BYTE_RANGE_PLACEHOLDER,
    ],
    Contents: Buffer.alloc(DEFAULT_SIGNATURE_LENGTH),
    Reason: text(info.reason),
    M: info.signingTime,
    ContactInfo: text(info.contactInfo ?? ''),
    Name: text(info.name),
    Location: text(info.location),
  });
  if (!pdf._acroform) pdf.initForm();
  const form = pdf._root.data.AcroForm;
  const widget = pdf.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [0, 0, 0, 0],
    V: signature,
    T: text(`Signature${form.data.Fields.length + 1}`),
    F: 4, // print
    P: pdf.page.dictionary,
  });
  form.data = {
    ...form.data,
    // SignaturesExist | AppendOnly: readers keep later changes as incremental updates.
    SigFlags: SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY,
    Fields: [...form.data.Fields, widget],
  } as typeof form.data;
  pdf.page.annotations.push(widget);
  signature.end();
  widget.end();
}

/** The @signpdf signer: a detached CMS by a software key (the school seal's, in the demo). */
export class CmsPdfSigner extends Signer {
  constructor(
    private readonly privateKey: KeyObject,
    private readonly chain: Certificate[],
    private readonly clock: () => Date = () => new Date(),
  ) {
    super();
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return createDetachedCms({
      content: pdfBuffer,
      privateKey: this.privateKey,
      chain: this.chain,
      signingTime: signingTime ?? this.clock(),
    });
  }
}

/** Fills the placeholder: computes the ByteRange, signs it, writes the CMS into Contents. */
export function signPdf(pdf: Buffer, signer: CmsPdfSigner, signingTime?: Date): Promise<Buffer> {
  return signpdf.sign(pdf, signer, signingTime);
}
