// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${...} here is FreeSWITCH variable syntax, not JavaScript.
import type { TenantModel } from '../../../model/types.js';
import { el, renderXml, type XmlElement } from '../xml.js';
import { busyExtension } from './busy.js';
import { conferenceExtension } from './conferences.js';
import { action, always, cond, ext } from './dp.js';
import { featureExtensions, realm, recordingCondition } from './features.js';
import { localExtensions, webrtcGuard } from './local-extensions.js';
import { emergencyExtensions, normalizeExtensions, outboundExtensions } from './outbound.js';
import { tenantQueueExtensions } from './queues.js';
import { ringGroupExtension } from './ring-groups.js';
import { serviceExtensions } from './services.js';
import { targetExtensions } from './targets.js';
import { EXTENSION_RE } from './user-settings.js';

/** Tenant variables for every call in the context, set inline so later conditions already see them. */
function setup(tenant: TenantModel): XmlElement[] {
  return [
    ext(
      'tenant-setup',
      [
        always([
          action('set', `domain_name=${tenant.domain}`, true),
          action('set', `pbxc_tenant=${tenant.id}`, true),
          action('set', `timezone=${tenant.timezone}`, true),
        ]),
        // The caller's own number, from authentication (pbxc_extension): account code and caller ID.
        cond(
          '${pbxc_extension}',
          `^(${EXTENSION_RE})$`,
          [action('set', 'accountcode=$1', true), action('set', 'effective_caller_id_number=$1', true)],
          { break: 'never' },
        ),
      ],
      true,
    ),
    // Recording of calls an extension places.
    ext(
      'record-caller',
      [
        recordingCondition(
          tenant,
          `\${db(select/${realm(tenant, 'record')}/\${pbxc_extension})}|\${pbxc_record_default}`,
        ),
      ],
      true,
    ),
  ];
}

export function tenantContextXml(tenant: TenantModel): string {
  const extensions = [
    ...setup(tenant),
    ...webrtcGuard(tenant),
    // Emergency calls before every internal number, feature code and rewrite.
    ...emergencyExtensions(tenant),
    ...featureExtensions(tenant),
    ...localExtensions(tenant),
    busyExtension(tenant),
    ...tenant.ringGroups.map((g) => ringGroupExtension(tenant, g)),
    ...tenant.conferences.map((c) => conferenceExtension(tenant, c)),
    ...tenantQueueExtensions(tenant),
    ...serviceExtensions(tenant),
    ...targetExtensions(tenant),
    ...normalizeExtensions(tenant),
    ...outboundExtensions(tenant),
  ];
  return renderXml(el('include', {}, [el('context', { name: tenant.context }, extensions)]));
}
