import { PAGING_PROFILE } from './dialplan/paging.js';
import { el, param, type XmlElement } from './xml.js';

/**
 * The mod_conference profile of pages: no sounds at all (no "you are alone", no join beeps, no
 * music), no caller controls (a paged phone's keys do nothing), every sound mixed (energy 0), and
 * wideband so G.722 phones sound as they do on a call.
 */
export function pagingProfile(): XmlElement {
  return el('profile', { name: PAGING_PROFILE }, [
    param('rate', 16000),
    param('interval', 20),
    param('energy-level', 0),
    param('comfort-noise', 'false'),
    param('caller-controls', 'none'),
    param('muted-sound', 'silence_stream://1'),
    param('unmuted-sound', 'silence_stream://1'),
  ]);
}
