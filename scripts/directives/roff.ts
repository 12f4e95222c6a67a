/**
 * A reader for the man(7) roff that Debian ships: the pages DocBook generates (systemd) and the
 * ones go-md2man generates (podman). It understands only what those generators emit — headings,
 * paragraphs, indented blocks (.RS/.RE), list items, preformatted text — and turns the result
 * into a tree whose text keeps the font of each run, because the pages mark option names in
 * italics and literal values in bold, which is what the directive extraction keys on.
 */

export type Font = 'R' | 'B' | 'I';

export interface Run {
  text: string;
  font: Font;
}

export interface Para {
  kind: 'para';
  runs: Run[];
  /** Set for a list item (.IP): its bullet or number. */
  bullet?: string;
}

export interface Code {
  kind: 'code';
  text: string;
}

export interface Indent {
  kind: 'indent';
  children: RoffNode[];
}

export interface Heading {
  kind: 'SH' | 'SS';
  runs: Run[];
  title: string;
}

/** A tbl table: rows of plain-text cells (format lines dropped). */
export interface Table {
  kind: 'table';
  rows: string[][];
}

export type RoffNode = Para | Code | Indent | Heading | Table;

export interface ManPage {
  /** e.g. "systemd.exec(5)", from .TH. */
  name: string;
  /** The version string .TH carries, e.g. "systemd 257.13" (empty when absent). */
  source: string;
  nodes: RoffNode[];
}

/** Named glyphs (\(xx, \[xx], \*(xx) that occur in the pages. */
const GLYPHS: Record<string, string> = {
  aq: "'",
  Aq: "'",
  cq: "'",
  oq: "'",
  dq: '"',
  lq: '"',
  rq: '"',
  bu: '•',
  en: '–',
  em: '—',
  '+-': '±',
  la: '<',
  ra: '>',
  co: '©',
  rg: '®',
  ti: '~',
  ha: '^',
  hy: '-',
  mi: '-',
  ga: '`',
  sq: '□',
  tm: '™',
  '->': '→',
  '<-': '←',
  ua: '↑',
  da: '↓',
  '**': '*',
  lB: '[',
  rB: ']',
};

/** Splits one text line into runs; `font` is the font in force at the line's start. */
export function inlineRuns(line: string, font: Font): { runs: Run[]; font: Font; joinNext: boolean } {
  const runs: Run[] = [];
  let text = '';
  let joinNext = false;
  const flush = () => {
    if (text) runs.push({ text, font });
    text = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c !== '\\') {
      text += c;
      continue;
    }
    const n = line[++i];
    if (n === undefined) break;
    switch (n) {
      case 'f': {
        let name = line[++i] ?? 'R';
        if (name === '(') name = line.slice(i + 1, (i += 2) + 1);
        else if (name === '[') {
          const end = line.indexOf(']', i);
          name = line.slice(i + 1, end);
          i = end;
        }
        flush();
        font = name === 'B' ? 'B' : name === 'I' ? 'I' : 'R';
        break;
      }
      case '(':
        text += GLYPHS[line.slice(i + 1, i + 3)] ?? '';
        i += 2;
        break;
      case '[': {
        const end = line.indexOf(']', i);
        text += GLYPHS[line.slice(i + 1, end)] ?? '';
        i = end;
        break;
      }
      case '*': {
        if (line[i + 1] === '(') {
          text += GLYPHS[line.slice(i + 2, i + 4)] ?? '';
          i += 3;
        } else {
          text += GLYPHS[line[i + 1]] ?? '';
          i += 1;
        }
        break;
      }
      case 'm': {
        // \m[colour]: link colouring, no text
        const end = line.indexOf(']', i);
        i = end;
        break;
      }
      case 's': {
        // \s-2 / \s+2: size changes around footnote marks
        const m = /^[+-]?\d/.exec(line.slice(i + 1));
        if (m) i += m[0].length;
        break;
      }
      case 'u':
        // \u[1]\d: a raised footnote number; the number is noise in plain text
        {
          const end = line.indexOf('\\d', i);
          if (end >= 0) i = end + 1;
        }
        break;
      case 'h':
      case 'v':
      case 'w': {
        // \h'…' motions: no text
        const quote = line[i + 1];
        const end = line.indexOf(quote, i + 2);
        i = end;
        break;
      }
      case 'c':
        joinNext = true;
        break;
      case 'e':
      case '\\':
        text += '\\';
        break;
      case '-':
        text += '-';
        break;
      case ' ':
      case '~':
        text += ' ';
        break;
      case '&':
      case '%':
      case ':':
      case '/':
      case ',':
      case 'd':
      case '{':
      case '}':
        break;
      default:
        text += n;
    }
  }
  flush();
  return { runs, font, joinNext };
}

/** The arguments of a request line, honouring double quotes. */
function requestArgs(rest: string): string[] {
  const args: string[] = [];
  const re = /"((?:[^"]|"")*)"|(\S+)/g;
  for (let m = re.exec(rest); m; m = re.exec(rest)) args.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
  return args;
}

export function plainText(runs: Run[]): string {
  return runs
    .map((r) => r.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses a whole page. Unknown requests are ignored: they only affect layout. */
export function parseManPage(source: string): ManPage {
  const lines = source.split('\n');
  const root: RoffNode[] = [];
  const stack: RoffNode[][] = [root];
  let para: Para | undefined;
  let font: Font = 'R';
  let joinNext = false;
  let name = '';
  let pageSource = '';
  let pendingBullet: string | undefined;

  const container = () => stack[stack.length - 1];
  const endPara = () => {
    para = undefined;
    joinNext = false;
  };
  const addRuns = (runs: Run[]) => {
    if (!para) {
      para = { kind: 'para', runs: [] };
      if (pendingBullet !== undefined) para.bullet = pendingBullet;
      pendingBullet = undefined;
      container().push(para);
    } else if (!joinNext && para.runs.length) {
      para.runs.push({ text: ' ', font: 'R' });
    }
    para.runs.push(...runs);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('.\\"') || line.startsWith('\'\\"')) continue;
    if (!line.startsWith('.')) {
      if (line.trim() === '') {
        endPara();
        continue;
      }
      const r = inlineRuns(line, font);
      font = r.font;
      addRuns(r.runs);
      joinNext = r.joinNext;
      continue;
    }
    const m = /^\.\s*([A-Za-z&\\}]+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, request, rest] = m;
    switch (request) {
      case 'TH': {
        const a = requestArgs(rest);
        name = `${inlineRuns(a[0] ?? '', 'R')
          .runs.map((r) => r.text)
          .join('')
          .toLowerCase()}(${a[1] ?? ''})`;
        pageSource = a[3] ?? '';
        break;
      }
      case 'SH':
      case 'SS': {
        endPara();
        // DocBook quotes heading text; go-md2man leaves it bare, with inline fonts
        const runs = inlineRuns(rest.startsWith('"') ? requestArgs(rest).join(' ') : rest, 'R').runs;
        container().push({ kind: request, runs, title: plainText(runs) });
        font = 'R';
        break;
      }
      case 'PP':
      case 'P':
      case 'LP':
      case 'sp':
        endPara();
        break;
      case 'br':
        if (para) para.runs.push({ text: '\n', font: 'R' });
        break;
      case 'IP': {
        endPara();
        const a = requestArgs(rest);
        pendingBullet = a[0] ? plainText(inlineRuns(a[0], 'R').runs) : '';
        break;
      }
      case 'RS': {
        endPara();
        const block: Indent = { kind: 'indent', children: [] };
        container().push(block);
        stack.push(block.children);
        break;
      }
      case 'RE':
        endPara();
        if (stack.length > 1) stack.pop();
        break;
      case 'nf':
      case 'EX': {
        endPara();
        const end = request === 'nf' ? '.fi' : '.EE';
        const body: string[] = [];
        for (i++; i < lines.length && !lines[i].startsWith(end); i++) {
          if (lines[i].startsWith('.')) continue;
          body.push(plainCodeLine(lines[i]));
        }
        container().push({ kind: 'code', text: body.join('\n') });
        break;
      }
      case 'TS': {
        endPara();
        const body: string[] = [];
        for (i++; i < lines.length && !lines[i].startsWith('.TE'); i++) body.push(lines[i]);
        container().push({ kind: 'table', rows: tableRows(body) });
        break;
      }
      case 'ie':
        // `.ie n \{\` … `.\}` is the nroff rendering of a bullet; the `.el` branch has the .IP
        if (/^n\s+\\\{/.test(rest)) while (i < lines.length && !lines[i].startsWith('.\\}')) i++;
        break;
      case 'B':
      case 'I': {
        const r = inlineRuns(requestArgs(rest).join(' '), request);
        addRuns(r.runs);
        break;
      }
      default:
      // .el \{\, .if n \{\, .\}, .nh, .ad, .nr, .it, .ps, .T&: no text of their own
    }
  }
  return { name, source: pageSource, nodes: root };
}

function plainCodeLine(line: string): string {
  return inlineRuns(line, 'R')
    .runs.map((r) => r.text)
    .join('');
}

/** Rows of a tbl body: options and format lines end with ";" and "."; T{ … T} spans lines. */
function tableRows(body: string[]): string[][] {
  let start = 0;
  while (start < body.length && !/\.\s*$/.test(body[start])) start++;
  const rows: string[][] = [];
  let row: string[] = [];
  let block: string[] | undefined;
  const cells = (line: string) => {
    for (const text of line.split('\t')) {
      if (text === 'T{') block = [];
      else row.push(plainText(inlineRuns(text, 'R').runs));
    }
  };
  for (const line of body.slice(start + 1)) {
    if (block) {
      if (!line.startsWith('T}')) {
        if (!line.startsWith('.')) block.push(line);
        continue;
      }
      row.push(plainText(inlineRuns(block.join(' '), 'R').runs));
      block = undefined;
      const rest = line.slice(2).replace(/^\t/, '');
      if (rest) cells(rest);
      continue;
    }
    if (line.startsWith('.') || line === '_' || line === '=') continue;
    rows.push((row = []));
    cells(line);
  }
  return rows;
}
