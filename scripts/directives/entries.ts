/**
 * Finds the directive definitions in a parsed page. DocBook renders a <varlistentry> as a
 * paragraph holding the term(s) in italics (`\fIKey=\fR`, `\fIA=\fR, \fIB=\fR`,
 * `\fICPUWeight=\fR\fIweight\fR`) followed by an indented block with the description; go-md2man
 * (podman) renders each option as a subsection heading `\fBKey=\fR` followed by paragraphs.
 */
import { plainText, type ManPage, type Para, type RoffNode, type Run } from './roff';

export interface Entry {
  /** The directive names the entry defines, without "=". */
  keys: string[];
  /** The term as printed, e.g. "CPUWeight=weight, StartupCPUWeight=weight". */
  term: string;
  /** The .SH heading the entry sits under, and the .SS one if any. */
  heading: string;
  subheading?: string;
  /** The description: the nodes of the indented block (systemd) or up to the next heading (podman). */
  body: RoffNode[];
}

const KEY_AT_START = /^([A-Za-z][A-Za-z0-9]*)=/;

/**
 * The keys of a term paragraph, or undefined when it is prose. A term starts with an italic
 * `Key=`; its roman runs may only be separators (", ") and argument punctuation (`[:PATH]`).
 */
export function termKeys(runs: Run[]): string[] | undefined {
  const first = runs.find((r) => r.text.trim() !== '');
  if (!first || first.font !== 'I' || !KEY_AT_START.test(first.text)) return undefined;
  if (runs.some((r) => r.font === 'B' || (r.font === 'R' && !/^[\s,[\]:|.]*$/.test(r.text)))) return undefined;
  const keys: string[] = [];
  for (const part of plainText(runs).split(/,\s+(?=[A-Za-z][A-Za-z0-9]*=)/)) {
    const m = KEY_AT_START.exec(part);
    if (!m) return undefined;
    keys.push(m[1]);
  }
  return keys;
}

/** Variable-list entries of a DocBook page, at any depth (a few pages nest option lists). */
export function docbookEntries(page: ManPage): Entry[] {
  const entries: Entry[] = [];
  let heading = '';
  let subheading: string | undefined;
  const walk = (nodes: RoffNode[]) => {
    nodes.forEach((node, i) => {
      if (node.kind === 'SH') {
        heading = node.title;
        subheading = undefined;
      } else if (node.kind === 'SS') {
        subheading = node.title;
      } else if (node.kind === 'para' && !node.bullet) {
        const next = nodes[i + 1];
        const keys = next?.kind === 'indent' ? termKeys(node.runs) : undefined;
        if (keys && next?.kind === 'indent')
          entries.push({ keys, term: plainText(node.runs), heading, subheading, body: next.children });
      } else if (node.kind === 'indent') {
        walk(node.children);
      }
    });
  };
  walk(page.nodes);
  return entries;
}

/** Options of a go-md2man page: `.SS \fBKey=\fR (defaults to …)` under `.SH … [Section]`. */
export function markdownEntries(page: ManPage): Entry[] {
  const entries: Entry[] = [];
  let heading = '';
  let current: Entry | undefined;
  for (const node of page.nodes) {
    if (node.kind === 'SH') {
      heading = node.title;
      current = undefined;
    } else if (node.kind === 'SS') {
      const first = node.runs.find((r) => r.text.trim() !== '');
      const m = first && first.font === 'B' ? KEY_AT_START.exec(first.text) : null;
      current = m ? { keys: [m[1]], term: node.title, heading, subheading: node.title, body: [] } : undefined;
      if (current) entries.push(current);
    } else if (current) {
      current.body.push(node);
    }
  }
  return entries;
}

/** The paragraphs of a body that are not list items, in order; the unit of doc and type text. */
export function bodyParagraphs(body: RoffNode[]): Para[] {
  return body.filter((n): n is Para => n.kind === 'para' && !n.bullet);
}
