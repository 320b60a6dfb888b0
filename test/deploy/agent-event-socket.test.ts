import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { failureKind } from '../../src/deploy/agent/activate.js';
import { activationFailure } from '../../src/deploy/agent/decide.js';
import { eventSocketApi } from '../../src/deploy/agent/event-socket.js';

/**
 * What an event socket failure is, from real sockets on loopback: FreeSWITCH not listening, stopped
 * (accepts, never answers), or closing the connection is transient (retried with backoff); a refused
 * password and an -ERR answer are refusals.
 */
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

async function listen(onConnect: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    onConnect(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}
const target = (port: number) => ({ host: '127.0.0.1', port, password: 'pw', timeoutMs: 300 });
const kindOf = async (port: number) => {
  try {
    await eventSocketApi(target(port), ['reloadxml']);
  } catch (error) {
    return activationFailure(failureKind(error)).record;
  }
  return 'answered';
};

describe('event socket failures: transient or a refusal', () => {
  it('nothing listening (FreeSWITCH down or restarting) is transient', async () => {
    const port = await listen(() => {});
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await kindOf(port)).toBe('transient');
  });

  it('accepted but never answered (FreeSWITCH stopped or hung) is transient, after the timeout', async () => {
    const port = await listen(() => {});
    const started = Date.now();
    expect(await kindOf(port)).toBe('transient');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('closed in the middle (FreeSWITCH exiting) is transient', async () => {
    const port = await listen((s) => {
      s.write('Content-Type: auth/request\n\n');
      s.once('data', () => s.end('Content-Type: command/reply\nReply-Text: +OK accepted\n\n'));
    });
    expect(await kindOf(port)).toBe('transient');
  });

  it('a refused password is a refusal (a configuration problem)', async () => {
    const port = await listen((s) => {
      s.write('Content-Type: auth/request\n\n');
      s.once('data', () => s.write('Content-Type: command/reply\nReply-Text: -ERR invalid\n\n'));
    });
    expect(await kindOf(port)).toBe('permanent');
  });

  it('an answer comes back as an answer (the -ERR check is the caller’s: freeswitchRefused)', async () => {
    const port = await listen((s) => {
      s.write('Content-Type: auth/request\n\n');
      s.once('data', () => {
        s.write('Content-Type: command/reply\nReply-Text: +OK accepted\n\n');
        s.once('data', () => s.write('Content-Type: api/response\nContent-Length: 12\n\n-ERR no such'));
      });
    });
    expect(await kindOf(port)).toBe('answered');
    expect(activationFailure('freeswitchRefused').record).toBe('permanent');
  });
});
