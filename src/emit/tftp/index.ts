import { compareStrings } from '../../util/text.js';
import type { EmittedFile, Target } from '../target.js';
import { renderHostsAccess, renderTftpdDefaults } from './tftpd-config.js';
import { tftpTree } from './tree.js';

/**
 * tftp/: the TFTP root for phones that fetch over TFTP only (Cisco 79x0), the tftpd-hpa defaults
 * file and its tcp-wrappers allow/deny lines. Nothing when no such phone exists.
 */
export const tftpTarget: Target = {
  name: 'tftp',
  description: 'TFTP root and tftpd-hpa configuration for Cisco 79x0 phones',
  emit(ctx) {
    const tree = tftpTree(ctx);
    if (tree.length === 0) return { files: [], diagnostics: [] };
    const files: EmittedFile[] = [
      ...tree.map((f) => ({ path: `tftp/root/${f.name}`, content: f.content, sensitive: true })),
      { path: 'tftp/tftpd-hpa', content: renderTftpdDefaults() },
    ];
    const access = renderHostsAccess(ctx.model);
    if (access) {
      files.push({ path: 'tftp/hosts.allow', content: access.allow });
      files.push({ path: 'tftp/hosts.deny', content: access.deny });
    }
    return { files: files.sort((a, b) => compareStrings(a.path, b.path)), diagnostics: [] };
  },
};
