// A WebRTC client's first steps, inside a test namespace: TLS handshake with the PBX's WSS port, the
// WebSocket upgrade for the "sip" subprotocol (RFC 7118), then REGISTER with digest authentication.
// argv: pbxAddress port domain user password [holdMs]. Prints one JSON line:
// { tls: { protocol, cipher, subject }, upgrade, responses: [status...] }.
// With holdMs the WebSocket stays open that long after the 200 (FreeSWITCH drops a WSS
// registration when its connection closes), so a caller can look at the registration meanwhile.
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:tls';

const [host, port, domain, user, password, hold] = process.argv.slice(2);
const holdMs = Number(hold ?? 0);
const out = { tls: null, upgrade: null, responses: [] };
const md5 = (s) => createHash('md5').update(s).digest('hex');
const finish = (code) => {
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(code);
};
setTimeout(() => finish(2), 10_000 + holdMs);

function frame(text) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const len = payload.length;
  const head =
    len < 126 ? Buffer.from([0x81, 0x80 | len]) : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([head, mask, body]);
}

function* frames(buf) {
  let o = 0;
  while (o + 2 <= buf.length) {
    let len = buf[o + 1] & 127;
    let start = o + 2;
    if (len === 126) {
      len = buf.readUInt16BE(o + 2);
      start = o + 4;
    }
    if (start + len > buf.length) return;
    yield { text: buf.subarray(start, start + len).toString(), end: start + len };
    o = start + len;
  }
}

const callId = randomBytes(8).toString('hex');
let cseq = 1;
const register = (auth = '') =>
  [
    `REGISTER sip:${domain} SIP/2.0`,
    `Via: SIP/2.0/WSS ${randomBytes(4).toString('hex')}.invalid;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
    `From: <sip:${user}@${domain}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${user}@${domain}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq++} REGISTER`,
    `Contact: <sip:${user}@${randomBytes(4).toString('hex')}.invalid;transport=ws>`,
    ...(auth ? [auth] : []),
    'Max-Forwards: 70',
    'Expires: 300',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

const socket = connect({ host, port: Number(port), rejectUnauthorized: false, servername: domain }, () => {
  const cert = socket.getPeerCertificate();
  out.tls = { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, subject: cert?.subject?.CN };
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET / HTTP/1.1\r\nHost: ${domain}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: sip\r\n\r\n`,
  );
});
let buf = Buffer.alloc(0);
let upgraded = false;
socket.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  if (!upgraded) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    out.upgrade = Number(/^HTTP\/1\.1 (\d+)/.exec(buf.subarray(0, end).toString())?.[1]);
    buf = buf.subarray(end + 4);
    upgraded = true;
    if (out.upgrade !== 101) finish(1);
    socket.write(frame(register()));
  }
  let used = 0;
  for (const f of frames(buf)) {
    used = f.end;
    const status = Number(/^SIP\/2\.0 (\d+)/.exec(f.text)?.[1]);
    if (!status || status < 200) continue;
    out.responses.push(status);
    const challenge = /WWW-Authenticate: Digest ([^\r\n]+)/i.exec(f.text)?.[1];
    if (status === 401 && challenge && out.responses.length === 1) {
      const p = Object.fromEntries([...challenge.matchAll(/(\w+)="?([^",]+)"?/g)].map((m) => [m[1], m[2]]));
      const uri = `sip:${domain}`;
      const ha1 = md5(`${user}:${p.realm}:${password}`);
      const ha2 = md5(`REGISTER:${uri}`);
      const cnonce = randomBytes(8).toString('hex');
      const nc = '00000001';
      const response = p.qop
        ? md5(`${ha1}:${p.nonce}:${nc}:${cnonce}:auth:${ha2}`)
        : md5(`${ha1}:${p.nonce}:${ha2}`);
      const qop = p.qop ? `, qop=auth, nc=${nc}, cnonce="${cnonce}"` : '';
      socket.write(
        frame(
          register(
            `Authorization: Digest username="${user}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", response="${response}", algorithm=MD5${qop}`,
          ),
        ),
      );
    } else {
      if (status === 200 && holdMs > 0) setTimeout(() => finish(0), holdMs);
      else finish(status === 200 ? 0 : 1);
    }
  }
  buf = buf.subarray(used);
});
socket.on('error', (e) => {
  out.error = e.message;
  finish(1);
});
