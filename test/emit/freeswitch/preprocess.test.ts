import { describe, expect, it } from 'vitest';
import { usedModules } from '../../../src/emit/freeswitch/modules.js';
import { exampleModel } from '../../helpers/example.js';
import { all, emitFs, parse, xmllint } from './emit.js';

const INCLUDE = /<X-PRE-PROCESS cmd="include" data="([^"]+)"\/>/g;

/** The pre-processor's `set` values (the last one wins, exec-set leaves its default in place). */
function presets(varsXml: string): Map<string, string> {
  return new Map(
    [...varsXml.matchAll(/<X-PRE-PROCESS cmd="set" data="([a-z_]+)=([^"]*)"\/>/g)].map((m) => [m[1]!, m[2]!]),
  );
}

function dirname(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

function join(dir: string, rel: string): string {
  const parts = (dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

/**
 * What FreeSWITCH's pre-processor does with our tree: each include is replaced by the matching
 * files (a `*` glob in the file name), resolved against the including file's folder, with an
 * `<include>` root unwrapped.
 */
function expand(files: Map<string, string>, path: string, seen: string[] = []): string {
  const vars = presets(files.get('vars.xml') ?? '');
  if (seen.includes(path)) throw new Error(`include loop: ${[...seen, path].join(' -> ')}`);
  const text = files.get(path)!.replace(/^<\?xml[^>]*\?>\n/, '');
  const body = text.replace(/^<include>\n([\s\S]*)<\/include>\n?$/, '$1');
  return body.replace(INCLUDE, (_m, raw: string) => {
    // Like FreeSWITCH, $${var} is expanded on every line before the include is resolved.
    const data = raw.replace(/\$\$\{([a-z_]+)\}/g, (_v, name: string) => vars.get(name) ?? '');
    const target = join(dirname(path), data);
    const pattern = new RegExp(`^${target.replace(/[.+?^$()[\]{}|\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`);
    const matches = [...files.keys()].filter((p) => pattern.test(p)).sort();
    if (matches.length === 0 && !data.includes('*')) throw new Error(`${path}: missing include ${data}`);
    return matches.map((m) => expand(files, m, [...seen, path])).join('');
  });
}

describe('freeswitch target: pre-processed document', async () => {
  const model = await exampleModel();
  const tree = new Map(
    [...emitFs(model)]
      .filter(([p]) => p.startsWith('freeswitch/'))
      .map(([p, t]) => [p.slice('freeswitch/'.length), t]),
  );
  const doc = expand(tree, 'freeswitch.xml');

  it('is one well-formed document', () => {
    expect(xmllint(doc)).toBe('');
  });

  it('has every section and a configuration for each loaded module that reads one', () => {
    const root = parse(doc).document[0];
    expect(root.section.map((s: { name: string }) => s.name)).toEqual([
      'configuration',
      'dialplan',
      'directory',
      'languages',
    ]);
    const configs = all(root.section[0], 'configuration').map((c) => c.name);
    for (const m of usedModules(model)) if (m.config) expect(configs).toContain(`${m.config}.conf`);
    const profiles = all(root.section[0], 'profile').map((p) => p.name);
    expect(profiles).toEqual(expect.arrayContaining(['internal', 'external']));
    const contexts = all(root.section[1], 'context').map((c) => c.name);
    expect(contexts).toEqual(expect.arrayContaining(['public', ...model.tenants.map((t) => t.context)]));
    expect(all(root.section[2], 'domain').map((d) => d.name)).toEqual(model.tenants.map((t) => t.domain));
  });

  it('sets every $${variable} the files use in vars.xml', () => {
    const defined = new Set([...tree.get('vars.xml')!.matchAll(/data="([a-z_]+)=/g)].map((m) => m[1]));
    // Set by FreeSWITCH itself at start (hostname: switch_core.c, the callcenter instance id).
    for (const builtin of ['local_ip_v4', 'sounds_dir', 'mod_dir', 'conf_dir', 'hostname'])
      defined.add(builtin);
    const used = new Set([...doc.matchAll(/\$\$\{([a-z_]+)\}/g)].map((m) => m[1]));
    for (const name of used) expect(defined.has(name), name).toBe(true);
  });
});
