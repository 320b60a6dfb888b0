import type { Target } from '../target.js';
import { renderRuleset } from './ruleset.js';

export const nftablesTarget: Target = {
  name: 'nftables',
  description: 'nftables ruleset of the PBX node (one table, pbxc), with the sets fail2ban bans into',
  emit({ model }) {
    return { files: [{ path: 'nftables/pbx.nft', content: renderRuleset(model) }], diagnostics: [] };
  },
};
