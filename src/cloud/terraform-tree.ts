import type { EmittedFile } from '../emit/target.js';
import { awsEnvironments } from '../model/environments.js';
import type { Model } from '../model/types.js';
import { buildManifest, MANIFEST_NAME, manifestFile, parseManifest, sha256 } from '../out/manifest.js';
import { customerDnsText, dnsPlan } from './dns-records.js';

/**
 * The Terraform part of the audit tree: `generated/terraform/<env>/cdk.tf.json` for every
 * environment, the DNS records customers must create, and a MANIFEST.json of its own carrying the
 * spec digest. `pbxc synth` writes it (cdktf is needed); `pbxc build` keeps it as it is and
 * `pbxc check` verifies it without cdktf: a terraform tree compiled from another spec, or edited
 * by hand, is stale.
 */
export const TERRAFORM_DIR = 'terraform';
export const STACK_FILE = 'cdk.tf.json';
export const CUSTOMER_DNS_FILE = 'customer-dns.txt';

export function terraformTree(
  model: Model,
  version: string,
  json: ReadonlyMap<string, string>,
): EmittedFile[] {
  const files: EmittedFile[] = [];
  for (const env of awsEnvironments(model)) {
    const text = json.get(env.name);
    if (text === undefined) throw new Error(`no Terraform JSON for environment ${env.name}`);
    files.push({ path: `${env.name}/${STACK_FILE}`, content: text.endsWith('\n') ? text : `${text}\n` });
    const dns = customerDnsText(env.name, dnsPlan(model, env));
    if (dns) files.push({ path: `${env.name}/${CUSTOMER_DNS_FILE}`, content: dns });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return [manifestFile(buildManifest(files, 'audit', version, model.specDigest)), ...files];
}

export interface TreeProblem {
  readonly kind: 'missing' | 'stale' | 'extra';
  /** Relative to the audit tree (starts with terraform/). */
  readonly path: string;
  readonly detail?: string;
}

/**
 * What is wrong with a terraform tree on disk (path relative to terraform/ → content); empty when
 * it is fresh or absent.
 */
export function terraformTreeProblems(
  model: Model,
  version: string,
  onDisk: ReadonlyMap<string, string>,
): TreeProblem[] {
  if (onDisk.size === 0) return [];
  const at = (path: string) => `${TERRAFORM_DIR}/${path}`;
  const manifestText = onDisk.get(MANIFEST_NAME);
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText);
  if (!manifest)
    return [{ kind: 'stale', path: at(MANIFEST_NAME), detail: "missing or not pbxc's: run pbxc synth" }];
  const problems: TreeProblem[] = [];
  if (manifest.specDigest !== model.specDigest)
    problems.push({
      kind: 'stale',
      path: TERRAFORM_DIR,
      detail: 'synthesized from another spec: run pbxc synth',
    });
  else if (manifest.version !== version)
    problems.push({
      kind: 'stale',
      path: TERRAFORM_DIR,
      detail: `synthesized by pbxc ${manifest.version}: run pbxc synth`,
    });
  const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const envs = new Set(awsEnvironments(model).map((e) => e.name));
  for (const env of envs)
    if (!listed.has(`${env}/${STACK_FILE}`))
      problems.push({ kind: 'missing', path: at(`${env}/${STACK_FILE}`) });
  for (const [path, hash] of listed) {
    const text = onDisk.get(path);
    if (text === undefined) problems.push({ kind: 'missing', path: at(path) });
    else if (sha256(text) !== hash)
      problems.push({ kind: 'stale', path: at(path), detail: 'edited after pbxc synth' });
    else if (!envs.has(path.split('/')[0]!)) problems.push({ kind: 'extra', path: at(path) });
  }
  for (const path of onDisk.keys())
    if (path !== MANIFEST_NAME && !listed.has(path)) problems.push({ kind: 'extra', path: at(path) });
  return problems;
}
