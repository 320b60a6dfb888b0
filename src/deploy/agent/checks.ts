import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { bucketOf, DOMAINS_MAP, parseDomainsMap } from '../../emit/freeswitch/directory-lookup.js';
import { safeToolDetail } from '../tool-output.js';
import type { AgentConfig } from './config.js';
import { exec, failure } from './exec.js';
import { copyDir, currentLink, JAIL_LOGS, jailLogpaths } from './release.js';

export interface CheckResult {
  readonly tool: string;
  readonly ok: boolean;
  /** For a failure: the file and line, never the tool's output (it may quote a secret). */
  readonly detail: string;
  /** The tool was killed (signal, timeout): no verdict, retried with backoff. */
  readonly transient?: boolean;
  /** For the journal only: the tool's message lines, quoted text withheld (safeToolDetail). */
  readonly message?: string;
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const stat = lstatSync(join(dir, name));
    if (stat.isDirectory()) out.push(...listFiles(join(dir, name), rel));
    else if (stat.isFile()) out.push(rel);
  }
  return out;
}

/** xmllint takes the files in batches: a 20,000-user directory would pass the kernel's argument limit. */
const XMLLINT_BATCH = 1000;

/**
 * The on-demand directory's bucket files (directory/<tenant>/<k>.xml) hold one `<user id="…"` per
 * line, each in the bucket the lookup computes for it from domains.map (a user anywhere else could
 * never be found). Pure; paths relative to freeswitch/.
 */
export function userFileProblems(files: ReadonlyMap<string, string>): string[] {
  const tenants = new Map(
    [...parseDomainsMap(files.get(DOMAINS_MAP) ?? '').values()].map((e) => [e.tenant, e]),
  );
  const problems: string[] = [];
  for (const [path, text] of files) {
    const m = /^directory\/([^/]+)\/([^/]+)\.xml$/.exec(path);
    if (!m) continue;
    const entry = tenants.get(m[1]!);
    if (!entry) {
      problems.push(`${path}: tenant ${m[1]} is not in ${DOMAINS_MAP}`);
      continue;
    }
    if (!/^(0|[1-9][0-9]*)$/.test(m[2]!) || Number(m[2]) >= entry.buckets) {
      problems.push(`${path}: not one of the tenant's ${entry.buckets} buckets`);
      continue;
    }
    const lines = text.split('\n');
    if (lines[0] !== '<users>' || lines.at(-2) !== '</users>' || lines.at(-1) !== '') {
      problems.push(`${path}: not a <users> list, one user per line`);
      continue;
    }
    for (const line of lines.slice(1, -2)) {
      const id = /^<user id="([a-z0-9]{1,32})"/.exec(line)?.[1];
      if (id === undefined) problems.push(`${path}: a line that is not a user`);
      else if (bucketOf(id, entry.buckets) !== Number(m[2]))
        problems.push(`${path}: user ${id} is in the wrong bucket`);
    }
  }
  return problems;
}

/** Every XML file of the FreeSWITCH tree is well-formed (what FreeSWITCH would refuse at reloadxml or a lookup). */
function checkXml(c: AgentConfig, release: string): CheckResult {
  const root = join(release, 'freeswitch');
  const files = listFiles(root).filter((f) => f.endsWith('.xml'));
  if (files.length === 0) return { tool: 'xmllint', ok: false, detail: 'the bundle has no FreeSWITCH XML' };
  for (let i = 0; i < files.length; i += XMLLINT_BATCH) {
    const batch = files.slice(i, i + XMLLINT_BATCH).map((f) => join(root, f));
    const r = exec([...c.commands.xmllint, '--noout', ...batch]);
    if (!r.ok)
      return {
        tool: 'xmllint',
        ok: false,
        detail: failure(r, [{ dir: root, as: 'freeswitch/' }]),
        transient: r.killed,
      };
  }
  const directory = files.filter((f) => f.startsWith('directory/') && f.split('/').length === 3);
  if (existsSync(join(root, DOMAINS_MAP))) directory.push(DOMAINS_MAP);
  const problems = userFileProblems(new Map(directory.map((f) => [f, readFileSync(join(root, f), 'utf8')])));
  if (problems.length > 0) return { tool: 'xmllint', ok: false, detail: problems.slice(0, 3).join('; ') };
  return { tool: 'xmllint', ok: true, detail: `${files.length} files well-formed` };
}

/** nginx -t on the staged site inside a minimal main configuration. */
function checkNginx(c: AgentConfig, release: string, work: string): CheckResult {
  const sites = listFiles(join(release, 'provisioning', 'nginx')).map((f) =>
    join(release, 'provisioning', 'nginx', f),
  );
  if (sites.length === 0) return { tool: 'nginx -t', ok: true, detail: 'no site in the bundle' };
  const dir = join(work, 'nginx');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const tmp = join(dir, 'tmp');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n` +
      ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((t) => `  ${t}_temp_path ${tmp}/${t};\n`)
        .join('') +
      sites.map((s) => `  include ${s};\n`).join('') +
      '}\n',
  );
  const r = exec([
    ...c.commands.nginx,
    '-t',
    '-q',
    '-p',
    dir,
    '-e',
    join(dir, 'startup.log'),
    '-c',
    join(dir, 'nginx.conf'),
  ]);
  const roots = [{ dir: release, as: '' }];
  return {
    tool: 'nginx -t',
    ok: r.ok,
    detail: r.ok ? 'site accepted' : failure(r, roots),
    transient: r.killed,
    ...(r.ok ? {} : { message: safeToolDetail(r.output) }),
  };
}

/** fail2ban-client -t on a copy of the live configuration with the staged pbxc files in place. */
function checkFail2ban(c: AgentConfig, release: string, work: string): CheckResult {
  const staged = listFiles(join(release, 'fail2ban'));
  if (staged.length === 0) return { tool: 'fail2ban-client -t', ok: true, detail: 'no jails in the bundle' };
  const dir = join(work, 'fail2ban');
  if (existsSync(c.links.fail2ban)) copyDir(c.links.fail2ban, dir);
  const cur = `${currentLink(c)}/`;
  for (const sub of ['action.d', 'filter.d', 'jail.d']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isSymbolicLink() && readlinkSync(p).startsWith(cur)) rmSync(p);
    }
  }
  // A jail may watch only the node's own logs; in the check copy each logpath is an empty file in the
  // check folder, so checking creates nothing anywhere else.
  const logs = join(work, 'logs');
  mkdirSync(logs, { recursive: true });
  let n = 0;
  for (const f of staged) {
    let text = readFileSync(join(release, 'fail2ban', f), 'utf8');
    if (f.startsWith('jail.d/')) {
      for (const log of jailLogpaths(text)) {
        if (!JAIL_LOGS.includes(log)) {
          return {
            tool: 'fail2ban-client -t',
            ok: false,
            detail: `fail2ban/${f}: logpath ${JSON.stringify(log.slice(0, 80))} is not one of the node's logs (${JAIL_LOGS.join(', ')})`,
          };
        }
      }
      text = text.replace(/^(\s*logpath\s*=\s*).*$/gm, (_m, lead: string) => {
        const file = join(logs, `${++n}.log`);
        writeFileSync(file, '');
        return `${lead}${file}`;
      });
    }
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const r = exec([...c.commands.fail2banClient, '-c', dir, '-t']);
  const roots = [{ dir, as: 'fail2ban/' }];
  return {
    tool: 'fail2ban-client -t',
    ok: r.ok,
    detail: r.ok ? 'configuration OK' : failure(r, roots),
    transient: r.killed,
    ...(r.ok ? {} : { message: safeToolDetail(r.output) }),
  };
}

function checkNft(c: AgentConfig, release: string): CheckResult {
  const file = join(release, 'nftables', 'pbx.nft');
  if (!existsSync(file)) return { tool: 'nft -c', ok: false, detail: 'the bundle has no nftables/pbx.nft' };
  const r = exec([...c.commands.nft, '-c', '-f', file]);
  const roots = [{ dir: join(release, 'nftables'), as: 'nftables/' }];
  return {
    tool: 'nft -c',
    ok: r.ok,
    detail: r.ok ? 'ruleset accepted' : failure(r, roots),
    transient: r.killed,
    ...(r.ok ? {} : { message: safeToolDetail(r.output) }),
  };
}

/** Runs every check on a staged release; nothing on the running node changes. */
export function checkRelease(c: AgentConfig, release: string): CheckResult[] {
  const work = join(dirname(release), `.check-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    return [
      checkXml(c, release),
      checkNginx(c, release, work),
      checkFail2ban(c, release, work),
      checkNft(c, release),
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
