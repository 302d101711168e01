// Path globs from the config are matched for every file (and every column, for tiers): compile
// each pattern once instead of on every call.

import { Minimatch } from 'minimatch';

const compiled = new Map<string, Minimatch>();

function matcher(glob: string): Minimatch {
  let m = compiled.get(glob);
  if (!m) {
    m = new Minimatch(glob, { dot: true });
    compiled.set(glob, m);
  }
  return m;
}

/** True when `path` (repository-relative, `/`-separated) matches `glob`; dotfiles included. */
export function globMatch(path: string, glob: string): boolean {
  return matcher(glob).match(path);
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matcher(g).match(path));
}
