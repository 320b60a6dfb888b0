import { createSocket } from 'node:dgram';
import { afterAll, describe, expect, it } from 'vitest';
import { isSipResponse, optionsRequest, probeSip } from '../../src/ha/sip-probe.js';

/** A SIP responder on loopback: answers OPTIONS with 200 OK, echoing Via, From, To, Call-ID, CSeq. */
function responder(answer: boolean) {
  const socket = createSocket('udp4');
  const requests: string[] = [];
  socket.on('message', (msg, rinfo) => {
    const text = msg.toString('utf8');
    requests.push(text);
    if (!answer) return;
    const headers = text
      .split('\r\n')
      .filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l))
      .join('\r\n');
    socket.send(`SIP/2.0 200 OK\r\n${headers}\r\nContent-Length: 0\r\n\r\n`, rinfo.port, rinfo.address);
  });
  const ready = new Promise<number>((resolve) =>
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)),
  );
  return { socket, requests, ready };
}

describe('probeSip', () => {
  const up = responder(true);
  const silent = responder(false);
  afterAll(() => {
    up.socket.close();
    silent.socket.close();
  });

  it('is healthy when the SIP stack answers OPTIONS', async () => {
    expect(await probeSip('127.0.0.1', await up.ready, 1000)).toBe(true);
    expect(up.requests[0]).toMatch(/^OPTIONS sip:127\.0\.0\.1:\d+ SIP\/2\.0\r\n/);
    expect(up.requests[0]).toContain('\r\nCSeq: 1 OPTIONS\r\n');
  });

  it('is unhealthy when nothing answers within the timeout', async () => {
    const started = Date.now();
    expect(await probeSip('127.0.0.1', await silent.ready, 300)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(silent.requests).toHaveLength(1);
  });

  it('ignores a response to another request', () => {
    const id = 'abc-123';
    expect(isSipResponse(`SIP/2.0 200 OK\r\nCall-ID: ${id}@pbxc-ha\r\n\r\n`, id)).toBe(true);
    expect(isSipResponse('SIP/2.0 200 OK\r\nCall-ID: other@pbxc-ha\r\n\r\n', id)).toBe(false);
    expect(isSipResponse(`OPTIONS sip:x SIP/2.0\r\nCall-ID: ${id}@pbxc-ha\r\n\r\n`, id)).toBe(false);
  });

  it('writes a well-formed request ending in an empty line', () => {
    const text = optionsRequest('10.80.0.101', 5060, { address: '10.80.1.102', port: 40000 }, 'id-1');
    expect(text.endsWith('\r\nContent-Length: 0\r\n\r\n')).toBe(true);
    expect(text).toContain('Via: SIP/2.0/UDP 10.80.1.102:40000;branch=z9hG4bK-id-1;rport\r\n');
  });
});
