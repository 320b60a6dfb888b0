import { escapeRegex } from '../../../util/escape.js';
import { el, type XmlElement } from '../xml.js';

/** Dialplan building blocks: extensions, conditions, actions. */

export function action(application: string, data?: string, inline = false): XmlElement {
  return el('action', { application, data, inline: inline ? 'true' : undefined });
}

export function antiAction(application: string, data?: string): XmlElement {
  return el('anti-action', { application, data });
}

export interface CondOptions {
  readonly break?: 'on-true' | 'on-false' | 'always' | 'never';
}

export function cond(
  field: string,
  expression: string,
  children: readonly XmlElement[] = [],
  options: CondOptions = {},
): XmlElement {
  return el('condition', { field, expression, break: options.break }, children);
}

/** A time condition: attributes such as wday, minute-of-day, year/mon/mday. */
export function timeCond(
  attrs: Readonly<Record<string, string>>,
  children: readonly XmlElement[],
): XmlElement {
  return el('condition', attrs, children);
}

export function ext(name: string, conditions: readonly XmlElement[], continueOn = false): XmlElement {
  return el('extension', { name, continue: continueOn ? 'true' : undefined }, conditions);
}

/** `^(?:a|b)$` over literal strings. */
export function exactly(values: readonly string[]): string {
  return `^(?:${values.map(escapeRegex).join('|')})$`;
}

export function dest(number: string, children: readonly XmlElement[] = []): XmlElement {
  return cond('destination_number', exactly([number]), children);
}

export function transfer(target: string, context: string): XmlElement {
  return action('transfer', `${target} XML ${context}`);
}

/** A condition without a test: its actions always run (when the conditions before it matched). */
export function always(children: readonly XmlElement[]): XmlElement {
  return el('condition', {}, children);
}
