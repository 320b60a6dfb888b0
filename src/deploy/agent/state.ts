import { readFileSync } from 'node:fs';
import { type NodeState, parseNodeState } from '../status-view.js';
import { writeJsonDurable } from './durable.js';

export function readState(file: string): NodeState | undefined {
  try {
    return parseNodeState(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeState(file: string, state: NodeState): void {
  writeJsonDurable(file, state);
}
