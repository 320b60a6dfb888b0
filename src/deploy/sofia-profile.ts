/**
 * Reads a pbxc-generated sofia profile file (sip_profiles/<name>.xml): its gateways, each as its own
 * text, and the profile's own settings (the file with the gateways taken out). Only for files pbxc
 * writes, whose layout is fixed: one <gateway name="…">…</gateway> element per gateway.
 */
export interface ProfileParts {
  readonly name: string;
  readonly gateways: ReadonlyMap<string, string>;
  /** Everything but the gateways: when this changes, the profile itself must restart. */
  readonly settings: string;
}

const GATEWAY = /^[ \t]*<gateway name="([^"]+)">[\s\S]*?<\/gateway>[ \t]*\n?/gm;
const PROFILE = /<profile name="([^"]+)"/;

export function profileParts(fileName: string, text: string): ProfileParts {
  const gateways = new Map<string, string>();
  for (const m of text.matchAll(GATEWAY)) gateways.set(m[1]!, m[0]);
  const name = PROFILE.exec(text)?.[1] ?? fileName.replace(/\.xml$/, '');
  return { name, gateways, settings: text.replace(GATEWAY, '') };
}

/** Variables a text uses as $${name} (FreeSWITCH preprocessor variables). */
export function usedVariables(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!));
}

/** Variables vars.xml sets (set and exec-set), name → its definition text. */
export function definedVariables(varsXml: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of varsXml.matchAll(
    /<X-PRE-PROCESS cmd="(set|exec-set)" data="([A-Za-z0-9_]+)=([^"]*)"\/>/g,
  )) {
    const previous = vars.get(m[2]!);
    vars.set(m[2]!, `${previous ?? ''}${m[1]}:${m[3]}\n`);
  }
  return vars;
}

/** Files a profile pulls in with X-PRE-PROCESS include (a $${var} in the name matches any value). */
export function includePatterns(text: string): RegExp[] {
  return [...text.matchAll(/<X-PRE-PROCESS cmd="include" data="([^"]+)"\/>/g)].map((m) => {
    const parts = m[1]!.split(/\$\$\{[A-Za-z0-9_]+\}/).map((p) => p.replace(/[.*+?^()|[\]\\{}$]/g, '\\$&'));
    return new RegExp(`^${parts.join('[^/]*')}$`);
  });
}
