import { resolve } from 'node:path';

/** Absolute path of a SQLite `file:` URL, relative paths being taken from the working directory. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, '').replace(/\?.*$/, ''));
}
