import type {
  ConferenceModel,
  DeviceModel,
  ExtensionModel,
  IvrMenuModel,
  KeyModel,
  RingGroupModel,
} from '../model/types.js';

/** Objects named the way a reviewer knows them from the spec. */

/** "0015654a1000" → "00:15:65:4A:10:00", as the spec writes it. */
export function macText(mac: string): string {
  return (mac.toUpperCase().match(/.{2}/g) ?? [mac]).join(':');
}

export const extensionLabel = (tenant: string, e: ExtensionModel) =>
  `extension ${tenant}/${e.number} ${e.name}`;
export const ringGroupLabel = (g: RingGroupModel) => `ring group ${g.number} ${g.name}`;
export const conferenceLabel = (c: ConferenceModel) => `conference room ${c.number} ${c.name}`;
export const ivrLabel = (m: IvrMenuModel) => `IVR ${m.id} (${m.name})`;
export const deviceLabel = (d: DeviceModel) => `device ${macText(d.mac)} ${d.name}`;

export function keyText(k: KeyModel): string {
  if (k.type === 'blf') return `BLF ${k.extension}`;
  if (k.type === 'park') return `park ${k.slot}`;
  if (k.type === 'conference') return `conference room ${k.room}`;
  return `speed dial ${k.number}`;
}

const DAY_RANGE = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Open window as the spec writes it: "mon-fri 08:00-17:00". */
export function windowText(w: { days: readonly string[]; from: number; to: number }): string {
  const idx = w.days.map((d) => DAY_RANGE.indexOf(d));
  const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
  const days = contiguous && w.days.length > 1 ? `${w.days[0]}-${w.days.at(-1)}` : w.days.join(',');
  const hm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${days} ${hm(w.from)}-${hm(w.to)}`;
}
