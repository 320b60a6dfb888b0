import type { TenantModel } from '../../../model/types.js';
import { el, renderXml, type XmlElement } from '../xml.js';
import { action, always, ext } from './dp.js';
import { featureExtensions, realm, recordingCondition } from './features.js';
import { localExtension, webrtcGuard } from './local-extensions.js';
import { normalizeExtensions, outboundExtensions } from './outbound.js';
import { ringGroupExtension } from './ring-groups.js';
import { serviceExtensions } from './services.js';
import { targetExtensions } from './targets.js';

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
    ...featureExtensions(tenant),
    ...tenant.extensions.flatMap((e) => localExtension(tenant, e)),
    ...tenant.ringGroups.map((g) => ringGroupExtension(tenant, g)),
    ...serviceExtensions(tenant),
    ...targetExtensions(tenant),
    ...normalizeExtensions(tenant),
    ...outboundExtensions(tenant),
  ];
  return renderXml(el('include', {}, [el('context', { name: tenant.context }, extensions)]));
}
