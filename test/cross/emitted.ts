import { XMLParser } from 'fast-xml-parser';
import { emitAll } from '../../src/emit/emit-all.js';
import type { EmittedFile } from '../../src/emit/target.js';
import type { Model } from '../../src/model/types.js';
import { placeholder } from '../../src/secrets/placeholder.js';

/** Every registered target's files for a model (audit tree), by path. */
export function emitEverything(model: Model): Map<string, string> {
  const { files } = emitAll(model, 'audit', placeholder);
  return new Map(files.map((f: EmittedFile) => [f.path, f.content]));
}

/** fail2ban's INI dialect, enough for the jail file: sections, key = value, indented continuation lines. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = new Map();
      sections.set(header[1]!, section);
    } else if (/^\s/.test(line) && section && key) {
      section.set(key, `${section.get(key)}\n${line.trim()}`);
    } else {
      const pair = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
      if (pair && section) {
        key = pair[1]!;
        section.set(key, pair[2]!);
      }
    }
  }
  return sections;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'param',
});

/** The <param name value> pairs of every <settings> of a FreeSWITCH XML file, in document order. */
export function xmlParams(text: string): [string, string][] {
  const params: [string, string][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'param')
          for (const p of v as { name: string; value: string }[]) params.push([p.name, String(p.value)]);
        else walk(v);
      }
    }
  };
  walk(xml.parse(text));
  return params;
}
