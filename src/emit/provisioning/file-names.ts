/**
 * The only file names the provisioning site serves, as nginx regular expressions: every name the
 * phones target writes and nothing else, so no other file below the phones root is reachable.
 */
export const VENDOR_FILE_PATTERNS: readonly string[] = [
  // Yealink <mac>.cfg, Polycom master <mac>.cfg, Fanvil <mac>.cfg
  '[0-9a-f]{12}\\.cfg',
  // Yealink common file per model ID, the per-phone boot file and the common boot file
  'y[0-9]{12}\\.cfg',
  '[0-9a-f]{12}\\.boot',
  'y000000000000\\.boot',
  // Polycom per-phone settings, speed-dial directory and tenant-wide settings
  '[0-9a-f]{12}-pbxc\\.cfg',
  '[0-9a-f]{12}-directory\\.xml',
  'pbxc-common\\.cfg',
  // Snom <MAC>.xml, and the first-boot names snom<model>.htm and snom<model>-<MAC>.htm
  '[0-9A-F]{12}\\.xml',
  'snom[A-Z0-9]{2,8}\\.htm',
  'snom[A-Z0-9]{2,8}-[0-9A-F]{12}\\.htm',
  // Grandstream cfg<mac>.xml
  'cfg[0-9a-f]{12}\\.xml',
  // Cisco 79x0: SIP firmware 8.x and 7.x
  'SEP[0-9A-F]{12}\\.cnf\\.xml',
  'SIP[0-9A-F]{12}\\.cnf',
  'SIPDefault\\.cnf',
];

export const VENDOR_FILE_REGEX = `(${VENDOR_FILE_PATTERNS.join('|')})`;
