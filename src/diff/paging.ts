import type { PagingGroupModel, TenantModel } from '../model/types.js';
import { list, match, scalar } from './fields.js';
import type { Collector } from './tenant.js';

export const pagingLabel = (g: PagingGroupModel) => `paging group ${g.number} ${g.name}`;

const mode = (g: PagingGroupModel) => (g.oneWay ? 'one-way' : 'two-way');

/**
 * Paging groups and the schedules' day/night codes (the intercom code is a feature code, diffed with them). A group that turns two-way
 * opens the microphone of every paged phone the moment it answers on its own: a risk (whoever sits
 * near a member's phone is overheard by the caller).
 */
export function paging(c: Collector, a: TenantModel, b: TenantModel): void {
  const m = match(a.pagingGroups, b.pagingGroups, (g) => g.number);
  for (const g of m.added) {
    c.added(pagingLabel(g), [`${mode(g)}, members ${g.members.join(', ')}`]);
    if (!g.oneWay)
      c.risk(
        'paging-two-way',
        `${pagingLabel(g)} is two-way: every member's phone answers on its own with the microphone open`,
      );
  }
  for (const g of m.removed) c.removed(pagingLabel(g));
  for (const [x, y] of m.both) {
    const out: string[] = [];
    scalar(out, 'name', x.name, y.name);
    list(out, 'members', x.members, y.members);
    scalar(out, 'mode', mode(x), mode(y));
    scalar(out, 'answer timeout (s)', x.timeout, y.timeout);
    c.changed(pagingLabel(y), out);
    if (x.oneWay && !y.oneWay)
      c.risk(
        'paging-two-way',
        `${pagingLabel(y)}: one-way → two-way, every member's phone now answers with the microphone open`,
      );
  }
  const schedules = match(a.schedules, b.schedules, (s) => s.id);
  for (const [x, y] of schedules.both) {
    const out: string[] = [];
    scalar(out, 'day/night code', x.overrideCode ?? 'none', y.overrideCode ?? 'none');
    c.changed(`schedule ${y.id}`, out);
  }
}
