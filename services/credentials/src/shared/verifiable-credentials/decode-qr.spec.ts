import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { decodeQrImage } from './decode-qr';

const TEXT = 'https://credentials.quangninh.edu.vn/verify/0f8fad5b-d9cb-469f-a165-70867728950e';

async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', scale: 6, margin: 4, errorCorrectionLevel: 'M' });
}

function toJpeg(png: Buffer, quality = 85): Buffer {
  const image = PNG.sync.read(png);
  return jpeg.encode({ width: image.width, height: image.height, data: image.data }, quality).data;
}

function solidPng(width: number, height: number, grey: number): Buffer {
  const data = Buffer.alloc(width * height * 4, grey);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return PNG.sync.write({ width, height, data });
}

describe('decodeQrImage', () => {
  it('reads a QR code from a PNG', async () => {
    expect(decodeQrImage(await qrPng(TEXT))).toEqual({ ok: true, text: TEXT });
  });

  it('reads a QR code from a JPEG', async () => {
    const bytes = toJpeg(await qrPng(TEXT));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(decodeQrImage(bytes)).toEqual({ ok: true, text: TEXT });
  });

  it('reads Vietnamese text (UTF-8 byte mode)', async () => {
    const text = 'Bằng tốt nghiệp THPT — Nguyễn Thị Minh Anh';
    expect(decodeQrImage(await qrPng(text))).toEqual({ ok: true, text });
  });

  it('reads a long payload (a whole compact credential link)', async () => {
    const text = `${TEXT}?${'x'.repeat(600)}`;
    expect(decodeQrImage(await qrPng(text))).toEqual({ ok: true, text });
  });

  it('answers qr-not-found for an image without a QR code', () => {
    expect(decodeQrImage(solidPng(200, 120, 255))).toEqual({ ok: false, code: 'qr-not-found' });
    const noise = Buffer.alloc(160 * 160 * 4);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = i % 4 === 3 ? 255 : seed & 0xff;
    }
    const jpegNoise = jpeg.encode({ width: 160, height: 160, data: noise }, 80).data;
    expect(decodeQrImage(jpegNoise)).toEqual({ ok: false, code: 'qr-not-found' });
  });

  it('answers image-unreadable for other formats and broken images', async () => {
    const png = await qrPng(TEXT);
    expect(decodeQrImage(Buffer.from('GIF89a not supported'))).toEqual({
      ok: false,
      code: 'image-unreadable',
    });
    expect(decodeQrImage(Buffer.alloc(0))).toEqual({ ok: false, code: 'image-unreadable' });
    expect(decodeQrImage(png.subarray(0, 60))).toEqual({ ok: false, code: 'image-unreadable' });
    expect(decodeQrImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 1, 2, 3]))).toEqual({
      ok: false,
      code: 'image-unreadable',
    });
  });

  it('refuses a PNG that declares an enormous size before inflating it', async () => {
    const png = Buffer.from(await qrPng(TEXT));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    expect(decodeQrImage(png)).toEqual({ ok: false, code: 'image-unreadable' });
  });
});
