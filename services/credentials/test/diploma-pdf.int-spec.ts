import { randomUUID } from 'node:crypto';
import { CredentialsWorld } from './credentials-world';
import { issueOneDiploma, type IssuedDiploma } from './one-diploma';
import { readPdf } from './pdf-reader';

/**
 * The diploma as a PDF, against the running service: printed from the stored signed credential,
 * with the QR link to the public page and the credential attached as credential.json.
 */
describe('credentials: the diploma as a PDF', () => {
  const w = new CredentialsWorld();
  let diploma: IssuedDiploma;

  beforeAll(async () => {
    await w.start();
    diploma = await issueOneDiploma(w);
  }, 180000);
  afterAll(() => w.stop());

  it('answers application/pdf with the holder, the serial and the signed credential attached', async () => {
    const r = await fetch(`${w.url}/credentials/${diploma.credentialId}/pdf`, {
      headers: { authorization: `Bearer ${diploma.principal}` },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('cache-control')).toBe('no-store');
    // The file name names the credential, never the holder.
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="van-bang-${diploma.credentialId}.pdf"`,
    );
    const pdf = readPdf(Buffer.from(await r.arrayBuffer()));
    expect(pdf.pageCount).toBe(1);
    const text = pdf.pages[0];
    expect(text).toContain(diploma.holderName);
    expect(text).toContain(diploma.serialNumber);
    expect(text).toContain('BẰNG TỐT NGHIỆP TRUNG HỌC CƠ SỞ');
    expect(text).toContain('09/04/2011');
    expect(text).toContain('27/QĐ-UBND');
    expect(text.replace(/\n/g, '')).toContain(
      `${w.publicUrl}/verify?c=${diploma.credentialId}&h=${diploma.hash}`,
    );
    const attached = pdf.attachments.get('credential.json');
    expect(attached?.type).toBe('application/vc+ld+json');
    expect(JSON.parse(attached!.data.toString('utf8'))).toEqual(diploma.document);
  });

  it('records each download in the access log (the PDF prints personal data)', async () => {
    const department = await w.env.token('province');
    const log = await w.ok('GET', `/access-log?recordId=${diploma.credentialId}`, department);
    expect(log.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: 'ht-thcs-cam-pha',
          action: 'read',
          resource: 'credential',
          recordId: diploma.credentialId,
        }),
      ]),
    );
  });

  it('is hidden from another school and refused to school staff; 404 for an unknown id', async () => {
    const other = await w.env.token('principal', randomUUID(), 'ht-other');
    const hidden = await w.call('GET', `/credentials/${diploma.credentialId}/pdf`, other);
    expect(hidden.status).toBe(404);
    const staff = await w.env.token('school-staff', diploma.schoolId, 'gv-staff');
    expect((await w.call('GET', `/credentials/${diploma.credentialId}/pdf`, staff)).status).toBe(
      403,
    );
    const department = await w.env.token('province');
    const missing = await w.call('GET', `/credentials/${randomUUID()}/pdf`, department);
    expect(missing.status).toBe(404);
    expect(missing.body.type).toMatch(/credential-not-found$/);
  });
});
