import { escapeXml } from '../../util/escape.js';

/**
 * A tiny XML tree. Every attribute value goes through escapeXml when rendered, so no caller can
 * forget it; user text never becomes element content or a comment.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: readonly (readonly [string, string])[];
  readonly children: readonly XmlElement[];
}

export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

export function el(
  name: string,
  attrs: Attrs = {},
  children: readonly (XmlElement | undefined)[] = [],
): XmlElement {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) pairs.push([key, String(value)]);
  return { name, attrs: pairs, children: children.filter((c): c is XmlElement => c !== undefined) };
}

/** `<param name=".." value=".."/>`, the shape of almost every FreeSWITCH setting. */
export function param(name: string, value: string | number | boolean): XmlElement {
  return el('param', { name, value });
}

export function variable(name: string, value: string | number | boolean): XmlElement {
  return el('variable', { name, value });
}

/** A pre-processor include; FreeSWITCH resolves `data` relative to its conf dir. */
export function include(data: string): XmlElement {
  return el('X-PRE-PROCESS', { cmd: 'include', data });
}

export function preSet(name: string, value: string | number): XmlElement {
  return el('X-PRE-PROCESS', { cmd: 'set', data: `${name}=${value}` });
}

function render(node: XmlElement, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (node.children.length === 0) {
    out.push(`${pad}<${node.name}${attrs}/>`);
    return;
  }
  out.push(`${pad}<${node.name}${attrs}>`);
  for (const child of node.children) render(child, depth + 1, out);
  out.push(`${pad}</${node.name}>`);
}

/** One element on one line, no whitespace between tags (a directory user: one line per user). */
export function renderCompact(node: XmlElement): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (node.children.length === 0) return `<${node.name}${attrs}/>`;
  return `<${node.name}${attrs}>${node.children.map(renderCompact).join('')}</${node.name}>`;
}

/** A standalone document (freeswitch.xml) or an included fragment (everything else). */
export function renderXml(root: XmlElement, declaration = false): string {
  const out: string[] = declaration ? ['<?xml version="1.0"?>'] : [];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
}

/** A configuration file of autoload_configs/: `<configuration name="x.conf">`. */
export function configuration(
  name: string,
  description: string,
  children: readonly XmlElement[],
): XmlElement {
  return el('configuration', { name: `${name}.conf`, description }, children);
}
