// A wildcard matcher for user-supplied name patterns (`*` any run, `?` one character). It is the
// classic two-pointer algorithm with one backtrack point, so its cost is bounded by
// O(pattern × name) and never exponential, unlike a regular expression built from user input.
export const MAX_GLOB_LENGTH = 128;
const GLOB_CHARS = /^[A-Za-z0-9_.$*?-]+$/;

/** Why a glob is rejected, or undefined when it is acceptable. */
export function globProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'must not be empty';
  if (glob.length > MAX_GLOB_LENGTH) return `must be at most ${MAX_GLOB_LENGTH} characters`;
  if (!GLOB_CHARS.test(glob)) return 'may contain only letters, digits, _ . $ - and the wildcards * and ?';
  return undefined;
}

export function globMatch(glob: string, text: string): boolean {
  const g = glob.toLowerCase();
  const t = text.toLowerCase();
  let gi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (gi < g.length && (g[gi] === '?' || g[gi] === t[ti])) {
      gi++;
      ti++;
    } else if (gi < g.length && g[gi] === '*') {
      star = gi++;
      mark = ti;
    } else if (star >= 0) {
      gi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}
