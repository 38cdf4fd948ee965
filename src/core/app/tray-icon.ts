/**
 * The tray icon as PNG bytes, drawn here so no image files are needed per
 * state: a filled circle in the state's colour with a light ring, on a
 * transparent background, antialiased.
 */
import { deflateSync } from 'node:zlib';
import { TRAY_COLOURS, type TrayState } from './connection';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** The tray icon for a state, `size` pixels square (16 or 32; 32 is the @2x image). */
export function trayIconPng(state: TrayState, size = 32): Buffer {
  const [r, g, b] = TRAY_COLOURS[state];
  const px = new Uint8Array(size * size * 4);
  const c = size / 2;
  const outer = size / 2 - size / 16;
  const ring = size / 10;
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cover = 0;
      let inRing = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const d = Math.hypot(x + (sx + 0.5) / samples - c, y + (sy + 0.5) / samples - c);
          if (d <= outer) {
            cover++;
            if (d > outer - ring) inRing++;
          }
        }
      }
      const i = (y * size + x) * 4;
      const n = samples * samples;
      const mix = cover ? inRing / cover : 0;
      // The ring is a lighter shade so the dot reads on dark and light panels.
      px[i] = Math.round(r + (255 - r) * 0.45 * mix);
      px[i + 1] = Math.round(g + (255 - g) * 0.45 * mix);
      px[i + 2] = Math.round(b + (255 - b) * 0.45 * mix);
      px[i + 3] = Math.round((255 * cover) / n);
    }
  }
  return encodePng(size, size, px);
}
