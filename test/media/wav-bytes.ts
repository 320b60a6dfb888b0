/** Builds WAV files in memory for the tests: exact headers, any format. */
export function wav(
  o: {
    format?: number;
    channels?: number;
    rate?: number;
    bits?: number;
    seconds?: number;
    extra?: Buffer;
    /** A sine of this frequency (Hz) at half scale, for 16-bit mono PCM; default silence. */
    tone?: number;
  } = {},
): Buffer {
  const format = o.format ?? 1;
  const channels = o.channels ?? 1;
  const rate = o.rate ?? 8000;
  const bits = o.bits ?? 16;
  const block = channels * (bits / 8);
  const data = Buffer.alloc(Math.round((o.seconds ?? 1) * rate) * block);
  if (o.tone !== undefined && bits === 16 && channels === 1 && format === 1) {
    for (let i = 0; i < data.length / 2; i++)
      data.writeInt16LE(Math.round(16_383 * Math.sin((2 * Math.PI * o.tone * i) / rate)), i * 2);
  }
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(format, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(rate, 12);
  fmt.writeUInt32LE(rate * block, 16);
  fmt.writeUInt16LE(block, 20);
  fmt.writeUInt16LE(bits, 22);
  const extra = o.extra ?? Buffer.alloc(0);
  const head = Buffer.alloc(8);
  head.write('data', 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), extra, fmt, head, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
