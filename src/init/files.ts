import { GITIGNORE, PLATFORM_YAML, packageJson, readme, TENANT_YAML, VSCODE_SETTINGS } from './templates.js';

export interface InitFile {
  readonly path: string;
  readonly content: string | Buffer;
}

export interface InitInput {
  /** The dependency spec pbxc is installed from (a vendor/ tarball, folder, git URL or URL). */
  readonly pbxc: string;
  /** The optional peer packages synth/plan/apply load, name → exact version. */
  readonly stackPackages: Readonly<Record<string, string>>;
  /** pbxc's own JSON Schemas, by file name ("platform.schema.json"). */
  readonly schemas: Readonly<Record<string, string>>;
  /** CI examples shipped with pbxc: path inside the new repository → text. */
  readonly ci: readonly InitFile[];
}

/** Every file of a new platform repository. Pure: the CLI reads the schemas and examples. */
export function initFiles(input: InitInput): InitFile[] {
  const files: InitFile[] = [
    { path: 'spec/platform.yaml', content: PLATFORM_YAML },
    { path: 'spec/tenants/example.yaml', content: TENANT_YAML },
    ...Object.entries(input.schemas).map(([name, content]) => ({ path: `spec/schema/${name}`, content })),
    { path: '.gitignore', content: GITIGNORE },
    { path: '.vscode/settings.json', content: VSCODE_SETTINGS },
    { path: 'package.json', content: packageJson(input.pbxc, input.stackPackages) },
    { path: 'README.md', content: readme(input.ci.map((f) => f.path)) },
    ...input.ci,
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Where pbxc's CI examples go in a new repository: examples/github-actions/<f> becomes a workflow,
 * a GitLab example becomes .gitlab-ci.yml. Other example files are not copied.
 */
export function ciTarget(examplePath: string): string | undefined {
  const [folder, ...rest] = examplePath.split('/');
  const name = rest.join('/');
  if (folder === 'github-actions' && /^[^/]+\.ya?ml$/.test(name)) return `.github/workflows/${name}`;
  if (folder?.startsWith('gitlab') && /^[^/]*\.ya?ml$/.test(name)) return '.gitlab-ci.yml';
  return undefined;
}
