import { deflateRawSync, gunzipSync } from 'node:zlib';

/**
 * gzip with a fixed header: no name, mtime 0, OS byte 255 ("unknown"). node:zlib's gzip writes the
 * OS of the machine it was built for, which would make the same bundle differ between platforms.
 */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function gzip(data: Buffer): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([HEADER, deflateRawSync(data, { level: 9 }), trailer]);
}

/** Inflates a gzip stream (zlib checks the CRC and length). Refuses output above `limit` bytes. */
export function gunzip(data: Buffer, limit = 512 * 1024 * 1024): Buffer {
  return gunzipSync(data, { maxOutputLength: limit });
}
