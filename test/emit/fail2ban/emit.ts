import { fail2banTarget } from '../../../src/emit/fail2ban/target.js';
import type { Model } from '../../../src/model/types.js';

/** The fail2ban target's files for a model, by path inside fail2ban/ ("jail.d/pbxc.local"). */
export function fail2banFiles(model: Model): Map<string, string> {
  const { files } = fail2banTarget.emit({ model, mode: 'audit', secret: () => 'unused' });
  return new Map(files.map((f) => [f.path.replace(/^fail2ban\//, ''), f.content]));
}
