import { connect } from 'node:net';

/**
 * FreeSWITCH's event socket, just enough to run API commands: auth, then "api <cmd>" and its
 * Content-Length framed reply. Spoken directly (not through fs_cli) so the password never appears
 * on a command line, where every local user could read it.
 */
export interface EventSocketTarget {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  /** How long to wait for the answers (default 30 s). */
  readonly timeoutMs?: number;
}

/** Host, port and password from a rendered event_socket.conf.xml. */
export function eventSocketTarget(xml: string): EventSocketTarget | undefined {
  const param = (name: string) => new RegExp(`<param name="${name}" value="([^"]*)"/>`).exec(xml)?.[1];
  const host = param('listen-ip');
  const port = Number(param('listen-port'));
  const password = param('password');
  if (!host || !Number.isInteger(port) || password === undefined) return undefined;
  const unescaped = password
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
  return { host: host === '::' ? '::1' : host === '0.0.0.0' ? '127.0.0.1' : host, port, password: unescaped };
}

/**
 * A failure to talk to the event socket. `unreachable`: connect failed, timed out or the socket
 * closed (transient); otherwise the password was refused.
 */
export class EventSocketError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
  ) {
    super(message);
    this.name = 'EventSocketError';
  }
}

interface Frame {
  headers: Map<string, string>;
  body: string;
}

/** Runs API commands in one connection; rejects on connect/auth failure or timeout. */
export function eventSocketApi(
  target: EventSocketTarget,
  commands: readonly string[],
  timeoutMs = target.timeoutMs ?? 30_000,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const replies: string[] = [];
    let buffer = Buffer.alloc(0);
    let step = -1; // -1: waiting for auth/request, 0: auth sent, n: api n sent
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new EventSocketError(
          `event socket ${target.host}:${target.port}: no answer within ${timeoutMs} ms`,
          true,
        ),
      );
    }, timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(replies);
    };
    const next = () => {
      const index = replies.length;
      if (index >= commands.length) return done();
      socket.write(`api ${commands[index]}\n\n`);
    };
    const frame = (): Frame | undefined => {
      const end = buffer.indexOf('\n\n');
      if (end === -1) return undefined;
      const headers = new Map<string, string>();
      for (const line of buffer.subarray(0, end).toString('utf8').split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const length = Number(headers.get('content-length') ?? 0);
      if (buffer.length < end + 2 + length) return undefined;
      const body = buffer.subarray(end + 2, end + 2 + length).toString('utf8');
      buffer = buffer.subarray(end + 2 + length);
      return { headers, body };
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let f = frame(); f; f = frame()) {
        const type = f.headers.get('content-type');
        if (type === 'auth/request' && step === -1) {
          step = 0;
          socket.write(`auth ${target.password}\n\n`);
        } else if (type === 'command/reply' && step === 0) {
          if (!f.headers.get('reply-text')?.startsWith('+OK'))
            return done(new EventSocketError('event socket refused the password', false));
          step = 1;
          next();
        } else if (type === 'api/response') {
          replies.push(f.body);
          next();
        } else if (type === 'text/disconnect-notice') {
          return done(new EventSocketError('event socket closed the connection', true));
        }
      }
    });
    socket.on('error', (error) =>
      done(new EventSocketError(`event socket ${target.host}:${target.port}: ${error.message}`, true)),
    );
    socket.on('close', () => {
      if (replies.length < commands.length)
        done(new EventSocketError('event socket closed before all replies', true));
    });
  });
}
