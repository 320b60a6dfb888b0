import { stripControl } from '../../util/escape.js';

/**
 * Free text (names, mail addresses) for a place FreeSWITCH expands: `$${x}` at pre-processing and
 * `${x}` in variables and application data would run API commands. A "$" becomes the full-width
 * dollar sign, which looks alike and is never expanded. XML escaping happens later, in the renderer.
 */
export function fsText(text: string): string {
  return stripControl(text).replaceAll('$', '\uff04');
}

/** A value inside `{a=b,c=d}` channel-variable blocks or comma lists: no separators at all. */
export function fsToken(text: string): string {
  return stripControl(text)
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_');
}
