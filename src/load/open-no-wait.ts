import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Opens a file for reading without waiting: a named pipe (FIFO) in the spec folder used to block
 * validate for ever in open(); with O_NONBLOCK it opens at once and the caller's isFile() check
 * refuses it. Regular files behave as with 'r'.
 */
export function openNoWait(fsPath: string) {
  return open(fsPath, constants.O_RDONLY | constants.O_NONBLOCK);
}
