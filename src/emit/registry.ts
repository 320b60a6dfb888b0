import { fail2banTarget } from './fail2ban/target.js';
import { freeswitchTarget } from './freeswitch/index.js';
import { nftablesTarget } from './nftables/target.js';
import { phonesTarget } from './phones/index.js';
import { provisioningTarget } from './provisioning/index.js';
import { ringotelTarget } from './ringotel/index.js';
import type { Target } from './target.js';
import { tftpTarget } from './tftp/index.js';
import { zeroTouchTarget } from './zero-touch/index.js';

/**
 * Every compilation target, in the order they run. A target adds itself here with one import and one
 * entry; its files go under a folder named after it.
 */
export const TARGETS: readonly Target[] = [
  fail2banTarget,
  freeswitchTarget,
  nftablesTarget,
  phonesTarget,
  provisioningTarget,
  ringotelTarget,
  tftpTarget,
  zeroTouchTarget,
];
