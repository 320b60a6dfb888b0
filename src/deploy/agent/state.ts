import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type NodeState, parseNodeState } from '../status-view.js';

export function readState(file: string): NodeState | undefined {
  try {
    return parseNodeState(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeState(file: string, state: NodeState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
}
