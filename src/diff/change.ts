/**
 * What `pbxc diff` reports, in the spec's own terms. A pure value: the engine builds it from two
 * models, the formatters print it.
 */

/** The risk kinds a reviewer must see first. Stable strings: tools match on them (--format json). */
export type RiskKind =
  | 'firewall-opened'
  | 'sip-access-opened'
  | 'admin-access-opened'
  | 'trunk-acl-widened'
  | 'emergency-routing-changed'
  | 'did-dropped'
  | 'did-rerouted'
  | 'toll-restriction-loosened'
  | 'nodes-removed'
  | 'trunk-credentials-changed'
  | 'conference-pin-removed'
  | 'queue-removed'
  | 'queue-exit-rerouted'
  | 'paging-two-way'
  | 'calls-now-hang-up'
  | 'day-night-override-changed'
  | 'tenant-removed';

export interface Risk {
  readonly kind: RiskKind;
  /** "platform" or the tenant id. */
  readonly scope: string;
  readonly message: string;
}

export interface Change {
  /** "platform" or the tenant id. */
  readonly scope: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** The object in the spec's words: "ring group 21 Support Team", "DID +4934556643321". */
  readonly object: string;
  /** Field-level lines: "members + 1010", "now routes to ring group 22 (was IVR main)". */
  readonly details: readonly string[];
}

export interface Consequence {
  readonly scope: string;
  readonly message: string;
}

export interface TargetFiles {
  readonly target: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export interface DiffReport {
  readonly risks: readonly Risk[];
  readonly changes: readonly Change[];
  readonly consequences: readonly Consequence[];
  /** Generated files per target (MANIFEST.json left out: it changes whenever anything does). */
  readonly files: readonly TargetFiles[];
  /** Cloud environments whose Terraform stack inputs changed, with the inputs that did. */
  readonly terraform: readonly { readonly environment: string; readonly inputs: readonly string[] }[];
}

export const PLATFORM_SCOPE = 'platform';
