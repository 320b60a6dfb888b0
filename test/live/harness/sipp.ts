import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetNs } from './netns.js';
import { exited, stopChild } from './proc.js';
import { SIPP } from './tools.js';

/** The scenario folder: test/live/sipp/<name>.xml. */
export const SCENARIO_DIR = fileURLToPath(new URL('../sipp/', import.meta.url));

export interface SipMessage {
  readonly direction: 'sent' | 'received';
  /** Request line or status line. */
  readonly firstLine: string;
  readonly text: string;
  /** Status code of a response, else undefined. */
  readonly status?: number;
  /** Method of a request (or of the CSeq of a response). */
  readonly method: string;
  /** When sipp logged it (ms since the epoch; the namespace shares the machine's clock). */
  readonly time: number;
  header(name: string): string | undefined;
}

export interface SippOptions {
  /** Source address (-i): a documentation address in the namespace. */
  readonly from: string;
  /** Local SIP port (-p); default: a fresh port of the switch's namespace. */
  readonly port?: number;
  /** Remote host:port; default the switch's internal profile. Omit for a UAS (`uas: true`). */
  readonly target?: string;
  readonly uas?: boolean;
  /** Scenario keywords: [name] in the XML (-key). */
  readonly keys?: Readonly<Record<string, string | number>>;
  /**
   * Values for {{name}} in the scenario file, substituted by the harness before sipp reads it: for
   * attributes sipp does not expand keywords in (timeouts). Defaults: hold_ms 1000, ring_ms 300,
   * media_delay_ms 1, contact_host [local_ip] (a private address plays a phone behind NAT), invites
   * (uas-answer/uas-busy: INVITE dialogs that end the run) `calls`.
   */
  readonly template?: Readonly<Record<string, string | number>>;
  /** Scenario variables ($name, -set). */
  readonly vars?: Readonly<Record<string, string | number>>;
  /** Digest credentials for [authentication] (-au/-ap). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Request-URI user part (-s). */
  readonly service?: string;
  readonly calls?: number;
  readonly timeoutS?: number;
  /** Local RTP port (-mp) for play_pcap_audio. */
  readonly mediaPort?: number;
  readonly transport?: 'u1' | 't1';
}

export interface SippResult {
  /** sipp's exit code: 0 every call succeeded, 1 some failed, others: see sipp(1). */
  readonly code: number;
  readonly successful: number;
  readonly failed: number;
  readonly messages: readonly SipMessage[];
  readonly stdout: string;
  readonly stderr: string;
  readonly errors: string;
  /** Received final responses of INVITE/REGISTER etc., in order. */
  readonly statuses: readonly number[];
  /** The received requests (a UAS's view). */
  readonly requests: readonly SipMessage[];
}

export function parseMessages(log: string): SipMessage[] {
  const out: SipMessage[] = [];
  const parts = log.split(/^-{20,} (\S+ \S+)\s*$/m);
  for (let i = 2; i < parts.length; i += 2) {
    const chunk = parts[i]!;
    const time = Date.parse(`${parts[i - 1]!.replace(' ', 'T').slice(0, 23)}Z`);
    const m = /^\s*(?:UDP|TCP|TLS|SCTP)[^\n]*?message (sent|received)[^\n]*\n\s*\n([\s\S]*)$/.exec(chunk);
    if (!m) continue;
    const text = m[2]!.replace(/\s+$/, '');
    const firstLine = text.split(/\r?\n/, 1)[0]!.trim();
    const headers = text
      .split(/\r?\n\r?\n/, 1)[0]!
      .split(/\r?\n/)
      .slice(1);
    const header = (name: string) => {
      const short: Record<string, string> = { from: 'f', to: 't', 'call-id': 'i', contact: 'm', via: 'v' };
      const want = [name.toLowerCase(), short[name.toLowerCase()]].filter(Boolean);
      for (const h of headers) {
        const i = h.indexOf(':');
        if (i > 0 && want.includes(h.slice(0, i).trim().toLowerCase())) return h.slice(i + 1).trim();
      }
      return undefined;
    };
    const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
    const method = status ? (header('CSeq')?.split(/\s+/)[1] ?? '') : firstLine.split(' ')[0]!;
    out.push({
      direction: m[1] as 'sent' | 'received',
      firstLine,
      text,
      method,
      time,
      ...(status ? { status: Number(status[1]) } : {}),
      header,
    });
  }
  return out;
}

function statsOf(csvPath: string): { successful: number; failed: number } {
  if (!existsSync(csvPath)) return { successful: 0, failed: 0 };
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
  if (lines.length < 2) return { successful: 0, failed: 0 };
  const head = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  const get = (name: string) => Number(last[head.indexOf(name)] ?? 0);
  return { successful: get('SuccessfulCall(C)'), failed: get('FailedCall(C)') };
}

export interface SippRun {
  readonly pid: number;
  readonly port: number;
  readonly done: Promise<SippResult>;
  /** Stops this sipp (only its own pid) and returns what it saw. */
  stop(): Promise<SippResult>;
  /** The messages it logged so far, while it keeps running (sipp flushes its message log). */
  peek(): SipMessage[];
}

let seq = 0;

/** Starts sipp in the namespace; `done` resolves when it exits (bounded by its -timeout). */
export function startSipp(
  ns: NetNs,
  workDir: string,
  scenario: string,
  o: SippOptions & { port: number; defaultTarget: string },
): SippRun {
  const source = scenario.endsWith('.xml') ? scenario : join(SCENARIO_DIR, `${scenario}.xml`);
  const id = `${basename(source, '.xml').replace(/[^a-z0-9-]/gi, '_')}-${++seq}`;
  const values: Record<string, string | number> = {
    hold_ms: 1000,
    ring_ms: 300,
    media_delay_ms: 1,
    contact_host: '[local_ip]',
    // uas-answer / uas-busy: the INVITE dialogs after which the phone's sipp ends itself.
    invites: o.calls ?? 1,
    ...o.template,
  };
  const file = join(workDir, `${id}.xml`);
  writeFileSync(
    file,
    readFileSync(source, 'utf8').replace(/\{\{([a-z_]+)\}\}/g, (_, k: string) => {
      if (values[k] === undefined) throw new Error(`${scenario}: no value for {{${k}}}`);
      return String(values[k]);
    }),
  );
  const msgFile = join(workDir, `${id}.msg`);
  const errFile = join(workDir, `${id}.err`);
  const statFile = join(workDir, `${id}.csv`);
  const timeout = o.timeoutS ?? 20;
  const args = [
    '-sf',
    file,
    '-i',
    o.from,
    '-p',
    String(o.port),
    '-m',
    String(o.calls ?? 1),
    '-t',
    o.transport ?? 'u1',
    '-nostdin',
    '-timeout',
    `${timeout}s`,
    '-timeout_error',
    '-trace_msg',
    '-message_file',
    msgFile,
    '-trace_err',
    '-error_file',
    errFile,
    '-trace_stat',
    '-stf',
    statFile,
    '-fd',
    '1',
    '-mi',
    o.from,
    '-mp',
    String(o.mediaPort ?? o.port + 10_000),
  ];
  for (const [k, v] of Object.entries(o.keys ?? {})) args.push('-key', k, String(v));
  for (const [k, v] of Object.entries(o.vars ?? {})) args.push('-set', k, String(v));
  if (o.auth) args.push('-au', o.auth.username, '-ap', o.auth.password);
  if (o.service) args.push('-s', o.service);
  // A phone's UAS also receives requests outside any call it waits for (MWI NOTIFY after a voicemail
  // deposit, NAT keep-alive OPTIONS): answer those 200 instead of aborting the expected call.
  if (o.uas) args.push('-aa');
  if (!o.uas) args.push(o.target ?? o.defaultTarget);
  const [cmd, argv] = ns.wrap(SIPP, args);
  const child: ChildProcess = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const read = (code: number): SippResult => {
    const messages = existsSync(msgFile) ? parseMessages(readFileSync(msgFile, 'utf8')) : [];
    const received = messages.filter((m) => m.direction === 'received');
    return {
      code,
      ...statsOf(statFile),
      messages,
      stdout,
      stderr,
      errors: existsSync(errFile) ? readFileSync(errFile, 'utf8') : '',
      statuses: received.filter((m) => m.status !== undefined && m.status >= 200).map((m) => m.status!),
      requests: received.filter((m) => m.status === undefined),
    };
  };
  const done = new Promise<SippResult>((resolve) => {
    const watchdog = setTimeout(() => child.kill('SIGKILL'), (timeout + 10) * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve(read(code ?? (signal ? 128 : 1)));
    });
  });
  return {
    pid: child.pid ?? -1,
    port: o.port,
    done,
    peek: () => (existsSync(msgFile) ? parseMessages(readFileSync(msgFile, 'utf8')) : []),
    async stop() {
      await stopChild(child, 2_000);
      await exited(child, 1_000);
      return done;
    },
  };
}
