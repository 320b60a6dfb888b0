import { bare } from '../../yaml-style.js';
import type { TenantContext } from './context.js';

type Doc = Record<string, unknown>;

const list = (doc: Doc, key: string): unknown[] => bare<unknown[]>(doc[key]) ?? [];

/**
 * The safety net behind the mappers: every destination in the tenant document must name something
 * the document defines (an extension, a ring group, an IVR, a voicemail box that is on). Whatever
 * does not is removed and reported, until nothing changes, so the spec always resolves.
 */
export function dropDanglingReferences(ctx: TenantContext, doc: Doc): void {
  for (let round = 0; round < 5; round++) {
    const extensions = new Set(list(doc, 'extensions').map((e) => String(bare<Doc>(e).number)));
    const boxes = new Set(
      list(doc, 'extensions')
        .filter((e) => bare<Doc>(e).voicemail === true)
        .map((e) => String(bare<Doc>(e).number)),
    );
    const groups = new Set(list(doc, 'ring_groups').map((g) => String(bare<Doc>(g).number)));
    const ivrs = new Set(list(doc, 'ivr_menus').map((m) => String(bare<Doc>(m).id)));
    const queues = new Set(list(doc, 'queues').map((q) => String(bare<Doc>(q).number)));
    const ok = (raw: unknown): boolean => {
      const d = bare<Record<string, string> | undefined>(raw);
      if (!d) return true;
      if (d.extension !== undefined) return extensions.has(d.extension);
      if (d.ring_group !== undefined) return groups.has(d.ring_group);
      if (d.ivr !== undefined) return ivrs.has(d.ivr);
      if (d.queue !== undefined) return queues.has(d.queue);
      if (d.voicemail !== undefined) return boxes.has(d.voicemail);
      return true;
    };
    const show = (raw: unknown) =>
      Object.entries(bare<Record<string, string>>(raw) ?? {}).map(
        ([k, v]) => `${k.replace('_', ' ')} ${v}`,
      )[0] ?? '?';
    let changed = false;
    const drop = (where: string, raw: unknown) => {
      changed = true;
      ctx.report(
        'skipped',
        where,
        `its destination ${show(raw)} is not part of the imported spec`,
        'choose another destination',
      );
    };
    for (const e of list(doc, 'extensions').map((x) => bare<Doc>(x))) {
      const fwd = bare<Doc | undefined>(e.forward);
      if (!fwd) continue;
      for (const [kind, rule] of Object.entries(fwd)) {
        const to = bare<Doc>(rule).to;
        if (!ok(to)) {
          drop(`extension ${e.number} forward ${kind.replace('_', ' ')}`, to);
          delete fwd[kind];
        }
      }
      if (Object.keys(fwd).length === 0) delete e.forward;
    }
    for (const g of list(doc, 'ring_groups').map((x) => bare<Doc>(x))) {
      if (!ok(g.on_no_answer)) {
        drop(`ring group ${g.number} no-answer destination`, g.on_no_answer);
        delete g.on_no_answer;
      }
    }
    for (const q of list(doc, 'queues').map((x) => bare<Doc>(x))) {
      if (!ok(q.on_timeout)) {
        drop(`queue ${q.number} timeout destination`, q.on_timeout);
        delete q.on_timeout;
      }
    }
    const menus = list(doc, 'ivr_menus');
    for (const m of menus.map((x) => bare<Doc>(x))) {
      const options = bare<Doc>(m.options);
      for (const [digit, to] of Object.entries(options)) {
        if (!ok(to)) {
          drop(`IVR ${m.id} option ${digit}`, to);
          delete options[digit];
        }
      }
      if (!ok(m.on_timeout)) {
        drop(`IVR ${m.id} timeout destination`, m.on_timeout);
        delete m.on_timeout;
      }
    }
    const keptMenus = menus.filter((m) => Object.keys(bare<Doc>(bare<Doc>(m).options)).length > 0);
    if (keptMenus.length !== menus.length) {
      changed = true;
      for (const m of menus.filter((x) => !keptMenus.includes(x)))
        ctx.report(
          'skipped',
          `IVR ${bare<Doc>(m).id}`,
          'none of its options lead anywhere in the imported spec',
          'create the menu by hand',
        );
      if (keptMenus.length > 0) doc.ivr_menus = keptMenus;
      else delete doc.ivr_menus;
    }
    const dids = list(doc, 'dids');
    const keptDids = dids.filter((x) => {
      const d = bare<Doc>(x);
      if (ok(d.to) && ok(d.closed)) return true;
      drop(`DID ${d.number}`, ok(d.to) ? d.closed : d.to);
      return false;
    });
    if (keptDids.length !== dids.length) {
      if (keptDids.length > 0) doc.dids = keptDids;
      else delete doc.dids;
    }
    const aliases = list(doc, 'aliases');
    const keptAliases = aliases.filter((x) => {
      if (ok(bare<Doc>(x).to)) return true;
      drop(`alias ${bare<Doc>(x).number}`, bare<Doc>(x).to);
      return false;
    });
    if (keptAliases.length !== aliases.length) {
      if (keptAliases.length > 0) doc.aliases = keptAliases;
      else delete doc.aliases;
    }
    const didNumbers = new Set(list(doc, 'dids').map((d) => String(bare<Doc>(d).number)));
    const lines = list(doc, 'lines').filter(
      (l) => didNumbers.has(String(bare<Doc>(l).did)) && extensions.has(String(bare<Doc>(l).extension)),
    );
    if (lines.length !== list(doc, 'lines').length) {
      changed = true;
      if (lines.length > 0) doc.lines = lines;
      else delete doc.lines;
    }
    const filters = list(doc, 'call_filters');
    for (const f of filters.map((x) => bare<Doc>(x)))
      if (f.action === 'voicemail' && !boxes.has(String(f.voicemail))) {
        changed = true;
        ctx.report(
          'changed',
          `call filter ${f.name}`,
          `voicemail box ${f.voicemail} is not on`,
          'the caller is rejected instead',
        );
        f.action = 'reject';
        delete f.voicemail;
      }
    if (!changed) return;
  }
}
