import { installedPath, playPath } from '../../../media/names.js';
import type { Destination, ExtensionModel, TenantModel } from '../../../model/types.js';
import type { XmlElement } from '../xml.js';
import { action, dest, ext, transfer } from './dp.js';

/**
 * Announcements and hang-ups as destinations: one helper extension per distinct destination the
 * spec names. `pbxc-ann-<media>.<then's target>`: media names have no ".", so the first "." ends
 * the name and every (announcement, then) pair has its own target.
 */
export function announcementTarget(media: string, then: string): string {
  return `pbxc-ann-${media}.${then}`;
}

export function hangupTarget(cause: string): string {
  return `pbxc-hangup-${cause}`;
}

/** The installed file of a media name the tenant uses (model.media holds every one it names). */
export function mediaPlayPath(tenant: TenantModel, name: string): string {
  const m = tenant.media.find((x) => x.name === name);
  if (!m) throw new Error(`tenant ${tenant.id} uses media "${name}" that the model does not hold`);
  return playPath(m.scope, m.name);
}

/**
 * An announcement answers, plays its file and goes on to its `then` target; a hang-up ends the
 * call with its cause (before an answer the caller gets the cause's SIP response).
 */
export function announcementExtension(
  tenant: TenantModel,
  d: Extract<Destination, { type: 'announcement' | 'hangup' }>,
  target: string,
  then: string,
): XmlElement {
  if (d.type === 'hangup') return ext(target, [dest(target, [action('hangup', d.cause)])]);
  return ext(target, [
    dest(target, [
      action('answer'),
      // The caller's media path settles before the first syllable.
      action('sleep', '250'),
      action('playback', mediaPlayPath(tenant, d.media)),
      transfer(then, tenant.context),
    ]),
  ]);
}

/**
 * The greeting file of a box with voicemail_greeting (relative to the conf folder), else "" (a directory user variable, so the
 * dialplan stays one generic block however many boxes there are).
 */
export function voicemailGreetingPath(tenant: TenantModel, e: ExtensionModel): string {
  if (!e.voicemail || e.voicemailGreeting === undefined) return '';
  const m = tenant.media.find((x) => x.name === e.voicemailGreeting);
  if (!m)
    throw new Error(`tenant ${tenant.id} uses media "${e.voicemailGreeting}" that the model does not hold`);
  return installedPath(m.scope, m.name);
}

/**
 * The tenant's music on hold, for every call in its context. Exported, so the legs the call
 * bridges to carry it too: FreeSWITCH plays the hold music of the channel that puts the call on
 * hold, and the tenant's phone that answered an outside caller and holds them is the bridged leg.
 */
export function musicOnHold(tenant: TenantModel): XmlElement[] {
  if (tenant.musicOnHold === undefined) return [];
  return [action('export', `hold_music=${mediaPlayPath(tenant, tenant.musicOnHold)}`, true)];
}
