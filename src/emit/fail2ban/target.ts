import type { Target } from '../target.js';
import { renderNftablesAction } from './action-nftables.js';
import { renderFreeswitchFilter } from './filter-freeswitch.js';
import { renderProvisioningFilter } from './filter-provisioning.js';
import { renderJails } from './jails.js';

export const fail2banTarget: Target = {
  name: 'fail2ban',
  description: 'fail2ban jails for SIP, provisioning and repeat offenders, banning into the nftables sets',
  emit({ model }) {
    return {
      files: [
        { path: 'fail2ban/action.d/pbxc-nftables.conf', content: renderNftablesAction() },
        { path: 'fail2ban/filter.d/pbxc-freeswitch.conf', content: renderFreeswitchFilter() },
        { path: 'fail2ban/filter.d/pbxc-provisioning.conf', content: renderProvisioningFilter() },
        { path: 'fail2ban/jail.d/pbxc.local', content: renderJails(model.platform) },
      ],
      diagnostics: [],
    };
  },
};
