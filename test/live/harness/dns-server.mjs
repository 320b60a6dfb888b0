// A tiny authoritative DNS server for a test namespace: A records for the host names given as JSON
// in argv[2] ({"name": "192.0.2.17"}), empty NOERROR answers for their other record types (NAPTR,
// SRV, AAAA), NXDOMAIN for every other name. Listens on 127.0.0.1:53 (UDP) inside the namespace.
import { createSocket } from 'node:dgram';

const hosts = new Map(
  Object.entries(JSON.parse(process.argv[2] ?? '{}')).map(([k, v]) => [k.toLowerCase(), v]),
);

function readName(msg, offset) {
  const labels = [];
  let o = offset;
  while (msg[o] !== 0) {
    const len = msg[o];
    labels.push(msg.subarray(o + 1, o + 1 + len).toString('ascii'));
    o += 1 + len;
  }
  return { name: labels.join('.').toLowerCase(), end: o + 1 };
}

const socket = createSocket('udp4');
socket.on('message', (msg, rinfo) => {
  if (msg.length < 17) return;
  const { name, end } = readName(msg, 12);
  const qtype = msg.readUInt16BE(end);
  const question = msg.subarray(12, end + 4);
  const addr = hosts.get(name);
  const answers = [];
  if (addr && qtype === 1) {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(1, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(4, 10);
    for (const [i, p] of addr.split('.').entries()) rr.writeUInt8(Number(p), 12 + i);
    answers.push(rr);
  }
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2);
  const rcode = addr ? 0 : 3;
  header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  socket.send(Buffer.concat([header, question, ...answers]), rinfo.port, rinfo.address);
});
socket.bind(53, '127.0.0.1', () => process.stdout.write('ready\n'));
