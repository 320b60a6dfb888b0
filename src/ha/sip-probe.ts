import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';

/**
 * The standby's health check of the active node: a SIP OPTIONS request over UDP to the address
 * FreeSWITCH listens on. Any SIP response (200, 401, 403, ...) means the SIP stack is alive; no
 * answer within the timeout means it is not. It tests what phones need, not just the host.
 */
export function optionsRequest(
  target: string,
  port: number,
  local: { address: string; port: number },
  id: string,
): string {
  const host = `${target}:${port}`;
  return [
    `OPTIONS sip:${host} SIP/2.0`,
    `Via: SIP/2.0/UDP ${local.address}:${local.port};branch=z9hG4bK-${id};rport`,
    'Max-Forwards: 70',
    `From: <sip:pbxc-ha@${local.address}>;tag=${id.slice(0, 8)}`,
    `To: <sip:${host}>`,
    `Call-ID: ${id}@pbxc-ha`,
    'CSeq: 1 OPTIONS',
    'User-Agent: pbxc-ha',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

export function isSipResponse(message: string, id: string): boolean {
  return /^SIP\/2\.0 \d{3} /.test(message) && message.includes(`${id}@pbxc-ha`);
}

/**
 * `source`: the local address to send from (the node's service-bind address, so the peer's firewall
 * knows it); the system's choice when absent.
 */
export function probeSip(target: string, port: number, timeoutMs: number, source?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(target.includes(':') ? 'udp6' : 'udp4');
    const id = randomUUID();
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('error', () => finish(false));
    socket.on('message', (msg) => {
      if (isSipResponse(msg.toString('utf8'), id)) finish(true);
    });
    socket.bind(0, source, () => {
      const local = socket.address();
      const request = Buffer.from(optionsRequest(target, port, local, id));
      socket.send(request, port, target, (error) => {
        if (error) finish(false);
      });
    });
  });
}
