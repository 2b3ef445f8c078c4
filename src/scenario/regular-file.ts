/**
 * Reading a file a user names (a scenario, a CSV it refers to): only a regular file, and only up to
 * a size limit. A FIFO would block for ever, a device such as /dev/zero would be read until memory
 * runs out; both are refused before they are opened, with what was found.
 */
import { readFileSync, statSync } from 'node:fs';
import { LIMITS } from './limits.js';

export class FileReadError extends Error {
  constructor(
    message: string,
    readonly code: 'missing' | 'not-a-file' | 'too-large' | 'unreadable',
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

/** The text of the regular file at `path`, at most `maxBytes` long. Throws FileReadError ("found ..."). */
export function readRegularFile(path: string, maxBytes: number = LIMITS['file-size'].limit): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileReadError('no such file', 'missing');
    throw new FileReadError(`a file that cannot be read (${(e as Error).message})`, 'unreadable');
  }
  if (!stat.isFile()) throw new FileReadError(stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device, not a regular file', 'not-a-file');
  if (stat.size > maxBytes) {
    throw new FileReadError(`a file of ${stat.size.toLocaleString('en-US')} bytes, over the limit of ${maxBytes.toLocaleString('en-US')}`, 'too-large', `lift the limit with --limit file-size=${stat.size} if the machine can take it`);
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileReadError(`a file that cannot be read (${(e as Error).message})`, 'unreadable');
  }
}
