import type { ConferenceModel, TenantModel } from '../../../model/types.js';
import { conferencePresenceUser, conferenceProfileName } from '../conference.js';
import type { XmlElement } from '../xml.js';
import { action, cond, exactly, ext } from './dp.js';

/**
 * A room's number answers and joins the caller to `<number>-<tenant>@<profile>`. The PINs live in
 * the profile (conference.conf.xml), never in the dialplan, so they stay out of logged app data.
 * The room's presence id (conf+<room>, what a conference BLF key watches and dials) joins it too.
 */
export function conferenceExtension(tenant: TenantModel, room: ConferenceModel): XmlElement {
  return ext(`conference-${room.number}`, [
    cond('destination_number', exactly([room.number, conferencePresenceUser(room)]), [
      action('answer'),
      action('conference', `${room.room}@${conferenceProfileName(tenant, room)}`),
      action('hangup', 'NORMAL_CLEARING'),
    ]),
  ]);
}
