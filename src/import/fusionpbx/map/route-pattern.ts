/**
 * What a FusionPBX outbound-route expression dials, read structurally: the destination_number
 * regex (e.g. `^(011\d{9,17})$`, `^\+?1?(\d{10})$`, `^1?(8(00|33|44)[2-9]\d{6})$`) is expanded
 * into its forms (optional parts and alternations spelled out), each with the literal digits it
 * starts with, its length and the part captured as $1. Only the regex subset FusionPBX's outbound
 * route wizard and its users write is understood; anything else gives undefined.
 */

interface Atom {
  /** The characters one repetition may be ("0123456789" for \d). */
  readonly chars: string;
  readonly min: number;
  readonly max: number;
  /** Inside the first capture group ($1). */
  readonly captured: boolean;
}

type Node =
  | { kind: 'atom'; chars: string; min: number; max: number }
  | { kind: 'group'; capture: boolean; branches: Node[][]; min: number; max: number };

const DIGITS = '0123456789';
const MAX_FORMS = 256;
/** Lengths are capped: `\d+` is read as up to 15 more digits (E.164). */
const OPEN_MAX = 15;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node[][] | undefined {
    const branches = this.branches();
    return branches && this.i === this.s.length ? branches : undefined;
  }

  private branches(): Node[][] | undefined {
    const out: Node[][] = [];
    let seq: Node[] = [];
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === ')') break;
      if (c === '|') {
        out.push(seq);
        seq = [];
        this.i++;
        continue;
      }
      const node = this.node();
      if (!node) return undefined;
      if (node !== 'anchor') seq.push(node);
    }
    out.push(seq);
    return out;
  }

  private node(): Node | 'anchor' | undefined {
    const c = this.s[this.i]!;
    let node: Node;
    if (c === '^' || c === '$') {
      this.i++;
      return 'anchor';
    }
    if (c === '(') {
      this.i++;
      let capture = true;
      if (this.s.startsWith('?:', this.i)) {
        capture = false;
        this.i += 2;
      } else if (this.s[this.i] === '?') return undefined;
      const branches = this.branches();
      if (!branches || this.s[this.i] !== ')') return undefined;
      this.i++;
      node = { kind: 'group', capture, branches, min: 1, max: 1 };
    } else if (c === '\\') {
      const e = this.s[this.i + 1];
      this.i += 2;
      if (e === 'd') node = { kind: 'atom', chars: DIGITS, min: 1, max: 1 };
      else if (e === '+' || e === '*' || e === '#') node = { kind: 'atom', chars: e, min: 1, max: 1 };
      else return undefined;
    } else if (c === '[') {
      const end = this.s.indexOf(']', this.i);
      if (end < 0) return undefined;
      const chars = charClass(this.s.slice(this.i + 1, end));
      if (!chars) return undefined;
      this.i = end + 1;
      node = { kind: 'atom', chars, min: 1, max: 1 };
    } else if (/[0-9+*#]/.test(c) && (c !== '+' || this.i === 0)) {
      // A bare "+" is a quantifier unless it starts the pattern (FusionPBX escapes it otherwise).
      this.i++;
      node = { kind: 'atom', chars: c, min: 1, max: 1 };
    } else if (c === '.') {
      this.i++;
      node = { kind: 'atom', chars: DIGITS, min: 1, max: 1 };
    } else return undefined;
    const q = this.quantifier();
    if (!q) return undefined;
    return { ...node, min: node.min * q[0], max: node.max * q[1] };
  }

  private quantifier(): [number, number] | undefined {
    const c = this.s[this.i];
    if (c === '?') {
      this.i++;
      return [0, 1];
    }
    if (c === '+') {
      this.i++;
      return [1, OPEN_MAX];
    }
    if (c === '*') {
      this.i++;
      return [0, OPEN_MAX];
    }
    if (c === '{') {
      const m = /^\{(\d{1,2})(?:(,)(\d{1,2})?)?\}/.exec(this.s.slice(this.i));
      if (!m) return undefined;
      this.i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] ? (m[3] ? Number(m[3]) : min + OPEN_MAX) : min;
      return max >= min ? [min, max] : undefined;
    }
    return [1, 1];
  }
}

function charClass(body: string): string | undefined {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && body[i + 1] === 'd') {
      out += DIGITS;
      i++;
    } else if (body[i + 1] === '-' && body[i + 2] !== undefined) {
      const from = c.charCodeAt(0);
      const to = body.charCodeAt(i + 2);
      for (let k = from; k <= to; k++) out += String.fromCharCode(k);
      i += 2;
    } else out += c;
  }
  if (!/^[0-9+*#]+$/.test(out)) return undefined;
  return [...new Set(out)].sort().join('');
}

/** Every form of the pattern as a flat list of atoms (groups with ? or alternations spelled out). */
function expand(branches: Node[][], captured: boolean, state: { capture: boolean }): Atom[][] | undefined {
  const out: Atom[][] = [];
  for (const seq of branches) {
    let forms: Atom[][] = [[]];
    for (const node of seq) {
      let options: Atom[][];
      if (node.kind === 'atom') {
        const one = { chars: node.chars, min: node.min, max: node.max, captured };
        // "\+?", "1?": both forms, so that each has its own literal start.
        options = node.min === 0 && node.max === 1 ? [[], [{ ...one, min: 1 }]] : [[one]];
      } else {
        const isCapture = node.capture && !state.capture;
        if (isCapture) state.capture = true;
        const inner = expand(node.branches, captured || isCapture, state);
        if (!inner || node.max > 1) return undefined;
        options = node.min === 0 ? [[], ...inner] : inner;
      }
      forms = forms.flatMap((f) => options.map((o) => [...f, ...o]));
      if (forms.length > MAX_FORMS) return undefined;
    }
    out.push(...forms);
  }
  return out;
}

export interface PatternForm {
  /** The literal characters every matching number starts with ("011", "+1", "1800", ""). */
  readonly lead: string;
  readonly min: number;
  readonly max: number;
  /** $1: its literal start and length; undefined when the pattern has no capture group. */
  readonly capture?: { readonly lead: string; readonly min: number; readonly max: number };
}

function leadOf(atoms: readonly Atom[]): string {
  let lead = '';
  for (const a of atoms) {
    if (a.chars.length !== 1 || a.min !== a.max) {
      if (a.chars.length === 1 && a.min > 0) lead += a.chars.repeat(a.min);
      break;
    }
    lead += a.chars.repeat(a.min);
  }
  return lead;
}

const sum = (atoms: readonly Atom[], k: 'min' | 'max') => atoms.reduce((n, a) => n + a[k], 0);

/** The forms of a destination_number expression, or undefined when it is outside the subset. */
export function patternForms(regex: string): PatternForm[] | undefined {
  const tree = new Parser(regex).parse();
  if (!tree) return undefined;
  const state = { capture: false };
  const forms = expand(tree, false, state);
  if (!forms || forms.length === 0) return undefined;
  const seen = new Set<string>();
  const out: PatternForm[] = [];
  for (const atoms of forms) {
    const cap = atoms.filter((a) => a.captured);
    const form: PatternForm = {
      lead: leadOf(atoms),
      min: sum(atoms, 'min'),
      max: sum(atoms, 'max'),
      ...(state.capture
        ? { capture: { lead: leadOf(cap), min: sum(cap, 'min'), max: sum(cap, 'max') } }
        : {}),
    };
    // $1 must be the tail of the number: the bridge sends prefix + $1.
    const first = atoms.findIndex((a) => a.captured);
    if (state.capture && first >= 0 && atoms.slice(first).some((a) => !a.captured)) return undefined;
    const key = JSON.stringify(form);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(form);
    }
  }
  return out;
}

export interface DialingRules {
  readonly cc: string;
  readonly national: string;
  readonly international: string;
}

/**
 * The E.164 prefix of what the carrier receives: the bridge's prefix and $1's literal start, read
 * in the tenant's country. undefined when it cannot be told (then the importer asks).
 */
export function sentPrefix(
  sent: string,
  capture: { lead: string; min: number; max: number },
  d: DialingRules,
): string | undefined {
  const lead = `${sent}${capture.lead}`;
  const min = sent.length + capture.min;
  const max = sent.length + capture.max;
  if (lead.startsWith('+')) return /^\+[0-9]*$/.test(lead) ? lead : undefined;
  if (!/^[0-9]*$/.test(lead)) return undefined;
  if (d.international && lead.startsWith(d.international)) return `+${lead.slice(d.international.length)}`;
  if (d.cc === '1') {
    // NANP: 1 + 10 digits, or the 10 digits alone.
    if (min === 11 && max === 11) return lead.startsWith('1') ? `+${lead}` : lead === '' ? '+1' : undefined;
    if (min === 10 && max === 10) return `+1${lead}`;
    return undefined;
  }
  if (d.national && lead.startsWith(d.national)) return `+${d.cc}${lead.slice(d.national.length)}`;
  if (lead.startsWith(d.cc) && min >= d.cc.length + 6) return `+${lead}`;
  return undefined;
}

/** How pbxc's dialing rules reach a dialled form; `lengths` when it needs national_without_prefix. */
export type Reach = { readonly kind: 'rules' } | { readonly kind: 'lengths'; readonly lengths: number[] };

/**
 * Whether users of the imported tenant can dial this form the way they dialled it in FusionPBX.
 * `e164` is the prefix the carrier receives for it. A bare national number (10 digits in NANP)
 * needs dialing.national_without_prefix; a local number whose area code the bridge adds cannot be
 * dialled as such in pbxc.
 */
export function reachOf(form: PatternForm, sent: string, e164: string, d: DialingRules): Reach | undefined {
  const lead = form.lead;
  if (lead.startsWith('+')) return { kind: 'rules' };
  if (d.international && lead.startsWith(d.international)) return { kind: 'rules' };
  if (d.national && lead.startsWith(d.national)) return { kind: 'rules' };
  // NANP 11 digits without a literal 1: those starting with the national prefix 1.
  if (d.cc === '1' && lead === '' && form.min === 11 && form.max === 11 && e164.startsWith('+1'))
    return { kind: 'rules' };
  // Bare digits: the whole number is $1, and the carrier gets it as a national number.
  const whole = form.capture && form.capture.min === form.min && form.capture.max === form.max;
  const national = sent === '' ? d.cc !== '1' : sent === d.national || sent === d.cc || sent === `+${d.cc}`;
  if (whole && national && e164.startsWith(`+${d.cc}`) && form.max - form.min <= 4 && form.min >= 7) {
    const lengths: number[] = [];
    for (let n = form.min; n <= Math.min(form.max, 14); n++) lengths.push(n);
    return lengths.length > 0 ? { kind: 'lengths', lengths } : undefined;
  }
  return undefined;
}

/** The E.164 prefix of a form from what the user dials, when the bridge alone does not tell. */
function dialledPrefix(form: PatternForm, d: DialingRules): string | undefined {
  const lead = form.lead;
  if (lead.startsWith('+')) return /^\+[0-9]*$/.test(lead) ? lead : undefined;
  if (d.international && lead.startsWith(d.international)) return `+${lead.slice(d.international.length)}`;
  if (d.cc === '1') {
    if (form.min === 11 && form.max === 11)
      return lead.startsWith('1') ? `+${lead}` : lead === '' ? '+1' : undefined;
    if (form.min === 10 && form.max === 10) return `+1${lead}`;
    return undefined;
  }
  if (d.national && lead.startsWith(d.national)) return `+${d.cc}${lead.slice(d.national.length)}`;
  return undefined;
}

export interface RouteReading {
  /** E.164 prefixes the route covers, shortest first. */
  readonly prefixes: string[];
  /** Lengths of national numbers dialled without prefix the route needs (dialing.national_without_prefix). */
  readonly lengths: number[];
  /** Forms pbxc's dialing rules cannot reach as dialled (e.g. 7-digit local numbers). */
  readonly unreachable: string[];
}

/** An outbound route's expression and bridge prefix ($1 follows it), read in the tenant's country. */
export function readRoute(regex: string, sent: string, d: DialingRules): RouteReading | undefined {
  const forms = patternForms(regex);
  if (!forms) return undefined;
  const prefixes = new Set<string>();
  const lengths = new Set<number>();
  const unreachable: string[] = [];
  for (const form of forms) {
    if (!form.capture) return undefined;
    const e164 = sentPrefix(sent, form.capture, d) ?? dialledPrefix(form, d);
    if (!e164) return undefined;
    const reach = reachOf(form, sent, e164, d);
    const len = form.min === form.max ? `${form.min}` : `${form.min}-${form.max}`;
    const shape = form.lead ? `${form.lead}… (${len} digits)` : `${len}-digit numbers`;
    if (!reach) {
      unreachable.push(shape);
      continue;
    }
    prefixes.add(e164);
    if (reach.kind === 'lengths') for (const n of reach.lengths) lengths.add(n);
  }
  // A prefix another one covers adds nothing ("+1" covers "+1800").
  const list = [...prefixes].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept = list.filter((p) => !list.some((q) => q !== p && p.startsWith(q)));
  return { prefixes: kept, lengths: [...lengths].sort((a, b) => a - b), unreachable };
}
