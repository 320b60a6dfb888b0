// A minimal SIP-over-TLS registrar for a test namespace (sipp here has no TLS): answers every
// REGISTER and OPTIONS with 200 OK and logs each request's first line to stdout.
// argv: address port certfile(cert+key PEM)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:tls';

const [address, port, pem] = process.argv.slice(2);
const key = readFileSync(pem, 'utf8');
const server = createServer({ key, cert: key }, (socket) => {
  let buf = '';
  socket.on('data', (d) => {
    buf += d.toString('latin1');
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.slice(0, end);
      const len = Number(/\r\nContent-Length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      buf = buf.slice(end + 4 + len);
      const lines = head.split('\r\n');
      process.stdout.write(`${lines[0]}\n`);
      const method = lines[0].split(' ')[0];
      if (method === 'ACK' || lines[0].startsWith('SIP/2.0')) continue;
      const pick = (name) => lines.filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      const to = pick('To')[0] ?? 'To: <sip:unknown>';
      const reply = [
        method === 'REGISTER' || method === 'OPTIONS' ? 'SIP/2.0 200 OK' : 'SIP/2.0 403 Forbidden',
        ...pick('Via'),
        ...pick('From'),
        /;tag=/.test(to) ? to : `${to};tag=tlsreg`,
        ...pick('Call-ID'),
        ...pick('CSeq'),
        ...(method === 'REGISTER' ? pick('Contact').map((c) => `${c};expires=600`) : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.write(reply);
    }
  });
  socket.on('error', () => {});
});
server.listen(Number(port), address, () => process.stdout.write('ready\n'));
