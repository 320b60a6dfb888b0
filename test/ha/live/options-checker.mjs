// SIP OPTIONS to HOST:5060 from SRC every 200 ms; prints "<epoch ms> <1|0>" per probe: answered
// within 500 ms or not (several probes may be outstanding: a loaded machine answers late, not
// never). Runs in a namespace of test/ha/live/two-nodes.ts.
import { createSocket } from 'node:dgram';

const [host, src] = process.argv.slice(2);
const TIMEOUT_MS = 500;
const sock = createSocket('udp4');
sock.bind(0, src);
let seq = 0;
const waiting = new Map();
sock.on('message', (m) => {
  const cseq = Number(/CSeq: (\d+) OPTIONS/i.exec(m.toString())?.[1]);
  const w = waiting.get(cseq);
  if (!w) return;
  clearTimeout(w.timer);
  waiting.delete(cseq);
  process.stdout.write(`${w.at} 1\n`);
});
setInterval(() => {
  seq++;
  const at = Date.now();
  const port = sock.address().port;
  const msg = [
    `OPTIONS sip:ping@${host}:5060 SIP/2.0`,
    `Via: SIP/2.0/UDP ${src}:${port};branch=z9hG4bK${seq}x${at};rport`,
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
  const n = seq;
  const timer = setTimeout(() => {
    waiting.delete(n);
    process.stdout.write(`${at} 0\n`);
  }, TIMEOUT_MS);
  waiting.set(n, { at, timer });
  sock.send(msg, 5060, host);
}, 200);
