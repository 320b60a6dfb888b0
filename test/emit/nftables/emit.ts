import { nftablesTarget } from '../../../src/emit/nftables/target.js';
import type { Model } from '../../../src/model/types.js';

/** The generated pbx.nft for a model. */
export function rulesetOf(model: Model): string {
  const files = nftablesTarget.emit({ model, mode: 'audit', secret: () => 'unused' }).files;
  const file = files.find((f) => f.path === 'nftables/pbx.nft');
  if (!file) throw new Error('nftables target wrote no nftables/pbx.nft');
  return file.content;
}
