/**
 * Globs as RegExps: `*` and `?` within one path segment (the shell's pathname expansion, Go's
 * filepath.Match for COPY sources) or across `/` (fnmatch without FNM_PATHNAME, as find(1)'s
 * -path uses), and bracket expressions (`[abc]`, `[!a-z]`, `[^a]`). Any text compiles: a `[`
 * without its `]` is literal, and a range written backwards matches nothing, as in fnmatch.
 */
import { BoundedMemo } from './boundedMemo';

export interface GlobOptions {
  /** `*` and `?` also match `/` (fnmatch without FNM_PATHNAME). */
  crossSlash?: boolean;
}

export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  // The same globs come back in every lint (`rm -f /lib/systemd/system/*.wants/*`): each compiled once.
  // A RegExp without flags keeps no state between tests, so one object serves every caller.
  return compiled.get((options.crossSlash ? '1' : '0') + glob, () => compileGlob(glob, options));
}

const compiled = new BoundedMemo<string, RegExp>(2000);

function compileGlob(glob: string, options: GlobOptions): RegExp {
  const any = options.crossSlash ? '[^]' : '[^/]';
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += any + '*';
    else if (c === '?') re += any;
    else if (c === '[') {
      const bracket = bracketExpression(glob, i, !options.crossSlash);
      if (bracket) {
        re += bracket.source;
        i = bracket.end;
      } else re += '\\[';
    } else re += escapeLiteral(c);
  }
  return new RegExp(`^${re}$`);
}

const REGEXP_SPECIAL = '.+*?^${}()|[]\\/-';

function escapeLiteral(c: string): string {
  return REGEXP_SPECIAL.includes(c) ? '\\' + c : c;
}

/** The bracket expression opening at `open`: its RegExp and the index of its `]`, or null when unclosed. */
function bracketExpression(glob: string, open: number, pathname: boolean): { source: string; end: number } | null {
  let i = open + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  // In pathname matching no bracket matches `/`, negated or not.
  const members: string[] = negated && pathname ? ['\\/'] : [];
  // A `]` right after the opening (or its negation) is a member, not the end.
  let first = true;
  for (; i < glob.length; i++) {
    const c = glob[i];
    if (c === ']' && !first) {
      if (members.length === 0) return { source: negated ? '[^]' : '[]', end: i };
      return { source: `[${negated ? '^' : ''}${members.join('')}]`, end: i };
    }
    first = false;
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      const hi = glob[i + 2];
      // A backwards range (z-a) has no members.
      if (c <= hi) members.push(escapeLiteral(c) + '-' + escapeLiteral(hi));
      i += 2;
    } else members.push(escapeLiteral(c));
  }
  return null;
}
