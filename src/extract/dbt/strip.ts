// Tolerant Jinja stripping, for models nunjucks cannot render (Python-only Jinja such as dict
// methods or `{% do %}`): keeps the first branch of every `if`, one pass of every `for`, drops
// comments, macro definitions and `set` blocks, and replaces expressions the way the stub context
// would. Every replacement keeps the line breaks it removes, so lines stay where they were.

export interface StripStubs {
  ref(...args: unknown[]): string;
  source(sourceName: unknown, table: unknown): string;
  /** An identifier standing for a macro call that cannot be evaluated. */
  placeholder(name: string): { toString(): string };
  starCall(relation: string | undefined, except: string[]): string;
  /** `{{ this }}` */
  thisRelation: string;
  /** What `config(...)` sets; the stripper records literal keyword arguments. */
  config: Record<string, unknown>;
}

/** Conditions whose value is known without dbt: CI never runs incrementally and never executes. */
const KNOWN_FALSE = /^(not\s+)?(is_incremental\(\)|execute|should_full_refresh\(\)|flags\.full_refresh)$/i;

/** Whether an `if` keeps its first branch: known conditions are decided, others keep the first branch. */
function firstBranchKept(condition: string): boolean {
  const m = KNOWN_FALSE.exec(condition.trim());
  return m ? Boolean(m[1]) : true;
}

const SIMPLE_TAG = new RegExp(
  [
    String.raw`\{\{-?\s*(ref|source)\(\s*(['"][\w.-]+['"]\s*,?\s*){1,2}\)\s*-?\}\}`,
    String.raw`\{\{-?\s*this\s*-?\}\}`,
    String.raw`\{\{-?\s*config\([^{}%]*\)\s*-?\}\}`,
    String.raw`\{%-?\s*(if\s+(not\s+)?is_incremental\(\)|else|endif)\s*-?%\}`,
    String.raw`\{#[\s\S]*?#\}`,
  ].join('|'),
  'g',
);

/**
 * True when every Jinja construct in the text is one the stripper reads exactly as nunjucks would
 * (ref, source, config, this, `if is_incremental()`, comments): such models skip the compiler.
 */
export function isSimpleTemplate(text: string): boolean {
  const rest = text.replace(SIMPLE_TAG, '');
  return !rest.includes('{{') && !rest.includes('{%') && !rest.includes('{#');
}

const TAG = /\{%-?\s*(\w+)([\s\S]*?)-?%\}|\{\{-?([\s\S]*?)-?\}\}|\{#[\s\S]*?#\}/g;

function newlinesOf(s: string): string {
  return s.replace(/[^\n]/g, '');
}

function quotedArgs(args: string): string[] {
  return [...args.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
}

function expression(body: string, stubs: StripStubs): string {
  const e = body.trim();
  const star = /^(?:\w+\.)?star\s*\(([\s\S]*)\)$/.exec(e);
  if (star) {
    const args = star[1]!;
    const ref = /ref\s*\(([^)]*)\)/.exec(args);
    const src = /source\s*\(([^)]*)\)/.exec(args);
    let relation: string | undefined;
    if (ref) relation = quotedArgs(ref[1]!).pop()?.toLowerCase();
    else if (src) {
      const [s, t] = quotedArgs(src[1]!);
      relation = `${s}.${t}`.toLowerCase();
    }
    const exceptList = /except\s*=\s*\[([^\]]*)\]/.exec(args);
    return stubs.starCall(relation, exceptList ? quotedArgs(exceptList[1]!).map((x) => x.toLowerCase()) : []);
  }
  const ref = /^ref\s*\(([^)]*)\)$/.exec(e);
  if (ref) return stubs.ref(...quotedArgs(ref[1]!));
  const src = /^source\s*\(([^)]*)\)$/.exec(e);
  if (src) {
    const [s, t] = quotedArgs(src[1]!);
    return stubs.source(s, t);
  }
  if (/^config\s*\(/.test(e)) {
    for (const m of e.matchAll(/(\w+)\s*=\s*(?:'([^']*)'|"([^"]*)"|(true|false|True|False|\d+))/g)) {
      const raw = m[4];
      stubs.config[m[1]!] = m[2] ?? m[3] ?? (raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : raw.toLowerCase() === 'true');
    }
    return '';
  }
  if (e === 'this') return stubs.thisRelation;
  const name = /^([\w.]+)/.exec(e)?.[1] ?? 'expression';
  return stubs.placeholder(name).toString();
}

export function stripJinja(text: string, stubs: StripStubs): string {
  // Each open block: whether its content is kept, and for `if`, whether a branch was already taken.
  const stack: { keep: boolean; taken: boolean; kind: string }[] = [];
  const keeping = () => stack.every((b) => b.keep);
  let out = '';
  let last = 0;
  const blankSince = (end: number) => {
    const chunk = text.slice(last, end);
    out += keeping() ? chunk : newlinesOf(chunk);
  };
  for (const m of text.matchAll(TAG)) {
    const at = m.index;
    blankSince(at);
    last = at + m[0].length;
    const keyword = m[1]?.toLowerCase();
    const nl = newlinesOf(m[0]);
    if (m[0].startsWith('{{')) {
      out += (keeping() ? expression(m[3] ?? '', stubs) : '') + nl;
      continue;
    }
    out += nl;
    if (!keyword) continue;
    switch (keyword) {
      case 'if': {
        const keep = firstBranchKept(m[2] ?? '');
        stack.push({ keep, taken: keep, kind: 'if' });
        break;
      }
      case 'elif':
      case 'else': {
        const top = stack[stack.length - 1];
        if (top && top.kind === 'if') {
          // The first branch not yet excluded is the one kept.
          top.keep = !top.taken;
          top.taken = true;
        }
        break;
      }
      case 'for':
        stack.push({ keep: true, taken: true, kind: 'for' });
        break;
      case 'macro':
      case 'call':
      case 'filter':
      case 'raw':
        stack.push({ keep: false, taken: true, kind: keyword });
        break;
      case 'set':
        // `{% set x = ... %}` is one tag; `{% set x %}...{% endset %}` is a block.
        if (!/=/.test(m[2] ?? '')) stack.push({ keep: false, taken: true, kind: 'set' });
        break;
      default:
        if (keyword.startsWith('end')) stack.pop();
    }
  }
  blankSince(text.length);
  return out;
}
