import * as jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

export type DecodeQrResult =
  { ok: true; text: string } | { ok: false; code: 'image-unreadable' | 'qr-not-found' };

// A phone photo of a printed diploma is about 12 megapixels. The limits stop a crafted image from
// exhausting memory on the public endpoint. Decoding is synchronous pure JavaScript (a 12 MP JPEG
// takes seconds of CPU): callers on a request path should run it off the event loop.
const MAX_PIXELS = 24_000_000;
const MAX_JPEG_MEMORY_MB = 512;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function readPng(bytes: Buffer): Rgba {
  // The IHDR chunk (bytes 16–23) gives the size before anything is inflated.
  if (bytes.length < 24 || bytes.readUInt32BE(16) * bytes.readUInt32BE(20) > MAX_PIXELS) {
    throw new Error('PNG too large or truncated');
  }
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: png.data };
}

function readJpeg(bytes: Buffer): Rgba {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: MAX_PIXELS / 1_000_000,
    maxMemoryUsageInMB: MAX_JPEG_MEMORY_MB,
  });
  return { width: image.width, height: image.height, data: image.data };
}

/** Reads the QR code of a PNG or JPEG image (format by magic bytes). Never throws. */
export function decodeQrImage(bytes: Buffer): DecodeQrResult {
  let image: Rgba;
  try {
    if (bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) image = readPng(bytes);
    else if (bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC)) image = readJpeg(bytes);
    else return { ok: false, code: 'image-unreadable' };
  } catch {
    return { ok: false, code: 'image-unreadable' };
  }
  if (image.width <= 0 || image.height <= 0 || image.data.length < image.width * image.height * 4) {
    return { ok: false, code: 'image-unreadable' };
  }
  const pixels = new Uint8ClampedArray(
    image.data.buffer,
    image.data.byteOffset,
    image.width * image.height * 4,
  );
  // Printed codes are dark on light; 'attemptBoth' also reads inverted ones (a photo of a screen).
  const code = jsQR(pixels, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (!code || code.data.length === 0) return { ok: false, code: 'qr-not-found' };
  return { ok: true, text: code.data };
}
