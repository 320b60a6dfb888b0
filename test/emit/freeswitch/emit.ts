import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { freeswitchTarget } from '../../../src/emit/freeswitch/index.js';
import type { EmitMode, EmittedFile } from '../../../src/emit/target.js';
import type { Model, SecretRef } from '../../../src/model/types.js';
import { placeholder, secretName } from '../../../src/secrets/placeholder.js';

/** A recognisable fake value for render mode (letters and digits, like real derived secrets). */
export function fakeSecret(ref: SecretRef): string {
  return `real${secretName(ref).replace(/[^A-Za-z0-9]/g, '')}`;
}

export function emitFs(model: Model, mode: EmitMode = 'audit'): Map<string, string> {
  const result = freeswitchTarget.emit({ model, mode, secret: mode === 'audit' ? placeholder : fakeSecret });
  return new Map(result.files.map((f: EmittedFile) => [f.path, f.content]));
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

// biome-ignore lint/suspicious/noExplicitAny: a parsed XML tree is untyped by nature
export type Xml = any;

export function parse(text: string): Xml {
  return parser.parse(text);
}

/** Every element of that name anywhere below `node`, in document order. */
export function all(node: Xml, name: string): Xml[] {
  const out: Xml[] = [];
  const walk = (n: Xml) => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n)) {
      if (k === name) out.push(...(v as Xml[]));
      walk(v);
    }
  };
  walk(node);
  return out;
}

export function params(node: Xml): Record<string, string> {
  return Object.fromEntries(all(node, 'param').map((p: Xml) => [p.name, p.value]));
}

/** xmllint's verdict on a text (empty string: well-formed). */
export function xmllint(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbxc-fs-'));
  try {
    const file = join(dir, 'f.xml');
    writeFileSync(file, text);
    execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A directory user's variables as FreeSWITCH sees them on a lookup: the domain's, overridden by the
 * user's own (switch_xml_merge_user); an empty value counts as unset.
 */
export function userVars(files: Map<string, string>, tenant: string, user: string): Record<string, string> {
  return merged(files, tenant, user, 'variable');
}

export function userParams(files: Map<string, string>, tenant: string, user: string): Record<string, string> {
  return merged(files, tenant, user, 'param');
}

function merged(
  files: Map<string, string>,
  tenant: string,
  user: string,
  kind: 'variable' | 'param',
): Record<string, string> {
  const domain = directoryDomain(files, tenant);
  const container = kind === 'variable' ? 'variables' : 'params';
  const pairs = (node: Xml) =>
    (node?.[container]?.[0]?.[kind] ?? []).map((v: Xml) => [v.name, v.value] as [string, string]);
  const u = domain.users[0].user.find((x: Xml) => x.id === user);
  if (!u) throw new Error(`no user ${user} in ${tenant}`);
  const out = Object.fromEntries([...pairs(domain), ...pairs(u)]);
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

/** A tenant's users (number → its `<user>` line), from its bucket files (directory/<tenant>/<k>.xml). */
export function userFiles(files: Map<string, string>, tenant: string): Map<string, string> {
  const prefix = `freeswitch/directory/${tenant}/`;
  const out = new Map<string, string>();
  for (const [p, c] of files) {
    if (!p.startsWith(prefix) || !p.endsWith('.xml')) continue;
    for (const line of c.split('\n').filter((l) => l.startsWith('<user ')))
      out.set(/^<user id="([^"]+)"/.exec(line)![1]!, line);
  }
  return out;
}

/**
 * The tenant's <domain> with every user in it (parsed): what the on-demand lookup answers, one
 * user at a time, from directory/<tenant>.xml and the user's line in directory/<tenant>/<bucket>.xml.
 */
export function directoryDomain(files: Map<string, string>, tenant: string): Xml {
  const domain = parse(files.get(`freeswitch/directory/${tenant}.xml`)!).include[0].domain[0];
  const users = [...userFiles(files, tenant).values()].map((text) => parse(text).user[0]);
  return { ...domain, users: [{ user: users }] };
}
