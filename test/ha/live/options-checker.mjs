// SIP OPTIONS to HOST:5060 from SRC every 200 ms; prints "<epoch ms> <1|0>" per probe (answered
// within 150 ms or not). Runs in the LAN namespace of test/ha/live/two-nodes.ts.
import { createSocket } from 'node:dgram';

const [host, src] = process.argv.slice(2);
const sock = createSocket('udp4');
sock.bind(0, src);
let seq = 0;
let waiting;
sock.on('message', (m) => {
  const text = m.toString();
  const cseq = /CSeq: (\d+) OPTIONS/i.exec(text)?.[1];
  if (waiting && Number(cseq) === waiting.seq) {
    clearTimeout(waiting.timer);
    process.stdout.write(`${waiting.at} 1\n`);
    waiting = undefined;
  }
});
setInterval(() => {
  seq++;
  const at = Date.now();
  const branch = `z9hG4bK${seq}x${at}`;
  const port = sock.address().port;
  const msg = [
    `OPTIONS sip:ping@${host}:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP ${src}:${port};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:checker@${src}>;tag=c${seq}`,
    `To: <sip:ping@${host}>`,
    `Call-ID: chk-${seq}-${at}@${src}`,
    `CSeq: ${seq} OPTIONS`,
    `Contact: <sip:checker@${src}:${port}>`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  if (waiting) {
    process.stdout.write(`${waiting.at} 0\n`);
    waiting = undefined;
  }
  const w = { seq, at };
  w.timer = setTimeout(() => {
    if (waiting === w) {
      process.stdout.write(`${w.at} 0\n`);
      waiting = undefined;
    }
  }, 150);
  waiting = w;
  sock.send(msg, 5060, host);
}, 200);
