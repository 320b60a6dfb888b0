import type { ConferenceModel, TenantModel } from '../../../model/types.js';
import { conferenceProfileName } from '../conference.js';
import type { XmlElement } from '../xml.js';
import { action, dest, ext } from './dp.js';

/**
 * A room's number answers and joins the caller to `<number>-<tenant>@<profile>`. The PINs live in
 * the profile (conference.conf.xml), never in the dialplan, so they stay out of logged app data.
 */
export function conferenceExtension(tenant: TenantModel, room: ConferenceModel): XmlElement {
  return ext(`conference-${room.number}`, [
    dest(room.number, [
      action('answer'),
      action('conference', `${room.room}@${conferenceProfileName(tenant, room)}`),
      action('hangup', 'NORMAL_CLEARING'),
    ]),
  ]);
}
