// The printable học bạ: a PDF page with a QR code to the verification page, signed by the school.
export * from './cms';
export * from './pdf-signature';
export * from './record-pdf';
