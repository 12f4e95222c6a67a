/**
 * What a directive's description says about its value: the type, the literal values it lists,
 * whether it can repeat, since which version it exists, and a one-paragraph doc. Everything is
 * read from the prose the page uses for it ("Takes a boolean argument.", "Takes one of
 * \fBno\fR, \fBon-success\fR … or \fBalways\fR.", "This option may be specified more than once");
 * when the prose does not say, the type stays "string" rather than being guessed.
 */
import type { Entry } from './entries';
import { plainText, type Para, type RoffNode, type Run } from './roff';
import type { DirectiveInfo, ValueType } from '../../server/src/kinds/unit/knowledge/directives';

// The database's types are the language server's own: what this writes is what it reads.
export type { DirectiveInfo, ValueType } from '../../server/src/kinds/unit/knowledge/directives';

/** The longest doc kept, so the database stays small enough to ship in the language server. */
const DOC_LIMIT = 400;

/** A sentence of a description, with the paragraph it sits in (list values may follow it). */
export interface Sentence {
  runs: Run[];
  text: string;
  para: Para;
}

/** Splits a paragraph into sentences, keeping the fonts (abbreviations like "e.g." do not end one). */
export function sentences(para: Para): Sentence[] {
  const out: Run[][] = [];
  let current: Run[] = [];
  for (const run of para.runs) {
    if (run.font !== 'R') {
      current.push(run);
      continue;
    }
    const re = /(?<!\b(?:e\.g|i\.e|etc|vs|cf|resp|approx|incl))\.(?=\s+[A-Z("]|\s*$)/g;
    let last = 0;
    for (let m = re.exec(run.text); m; m = re.exec(run.text)) {
      current.push({ text: run.text.slice(last, m.index + 1), font: 'R' });
      out.push(current);
      current = [];
      last = m.index + 1;
    }
    if (last < run.text.length) current.push({ text: run.text.slice(last), font: 'R' });
  }
  out.push(current);
  return out.map((runs) => ({ runs, text: plainText(runs), para })).filter((s) => s.text !== '');
}

/**
 * The literal values named in a sentence, from `offset` (a run index) on: bold runs (an italic part
 * glued to one is a placeholder: `file:<path>`) and double-quoted strings.
 */
export function literalValues(sentence: Run[], from = 0): string[] {
  const values: string[] = [];
  for (let i = from; i < sentence.length; i++) {
    const run = sentence[i];
    if (run.font === 'B') {
      let value = run.text;
      while (i + 1 < sentence.length && sentence[i + 1].font !== 'R' && !/^\s/.test(sentence[i + 1].text)) {
        i++;
        value += sentence[i].font === 'I' ? `<${sentence[i].text}>` : sentence[i].text;
      }
      // a man page reference: \fBsignal\fR(7)
      if (/^\(\d\)/.test(sentence[i + 1]?.text ?? '')) continue;
      value = value.trim();
      if (value && !/\s/.test(value)) values.push(value);
    } else if (run.font === 'R') {
      for (const m of run.text.matchAll(/"([^"\s]+)"/g)) values.push(m[1]);
    }
  }
  return [...new Set(values)];
}

const SEPARATORS =
  /^(?:[\s,"“”:]|\bor\b|\band\b|\beither\b|\((?:the default|which it defaults to|default|alias(?:es)?:[^)]*)\))*$/i;

/**
 * Whether the values after the trigger form the whole answer ("Takes one of a, b or c.") rather
 * than examples among other forms ("Takes one of "root", "clsact", "ingress" or a qdisc id").
 */
function isClosedList(afterTrigger: string, values: string[]): boolean {
  const rest = afterTrigger;
  let lastEnd = 0;
  for (const v of values) {
    const plain = v.replace(/<(.*?)>/g, '$1');
    const at = rest.indexOf(plain, lastEnd);
    if (at < 0) return false;
    if (!SEPARATORS.test(rest.slice(lastEnd, at))) return false;
    lastEnd = at + plain.length;
  }
  // "… or a class identifier", "… and names defined in …": other forms are accepted too
  return !/^["”]?\s*,?\s*(?:or|and)\s+(?:an?|any|one|other|names?|numbers?|integers?|the|["“]|\d)\b/i.test(
    rest.slice(lastEnd),
  );
}

const ENUM_TRIGGER =
  /\b(?:takes|accepts|expects)\s+(?:either\s+)?(?:one of\b(?:\s+the\s+(?:special values|strings|following words|architecture identifiers|predefined names))?|a value of\b|(?:a|the) special values?\b|(?=["“]))|\bone of:|^\s*one of\b|\b(?:supported|possible|valid|allowed|accepted) values (?:are|include)\b|\bthe following values are supported\b|^\s*currently\b(?=.*\bare supported\b)/i;

const BOOLEAN =
  /\b(?:takes|accepts|expects|takes either)\s+(?:an?\s+)?(?:negative\s+)?boolean\b|\bboolean (?:argument|value|parameter)\b/i;
const TIMESPAN = /\btime ?spans?\b|\bunit-less value in seconds\b|\btime values?\b|\btakes time\b|\bin seconds\b/i;
const SIZE = /\b(?:size in bytes|memory size|takes a size|a size\b|number of bytes)/i;
const INTEGER =
  /\b(?:takes|accepts)\s+(?:either\s+)?(?:an?\s+)?(?:(?:unsigned|positive|signed|non-negative|decimal|hexadecimal|\d+-bit)\s+)*(?:integer|number)\b|\btakes (?:either )?(?:a )?value between \d/i;
const PATH =
  /\b(?:takes|accepts)\s+(?:an?|the)\s+(?:absolute\s+)?(?:file system\s+|directory\s+|file\s+)?path\b|\btakes a space-separated list of absolute paths\b/i;
const UNIT_LIST = /\blist of (?:one or more )?unit(?: name)?s\b|\bspace-separated units\b/i;
const COMMAND = /\bcommand lines?\b|\bcommands? (?:to execute|that (?:are|is) executed|are executed)\b/i;
const MULTIPLE =
  /\b(?:may|can)\s+(?:be\s+)?(?:specified|used|given|listed|appear|passed)\s+(?:more than once|multiple times)\b|\b(?:use|assign) (?:this option|\S+=(?: or \S+=)?) multiple times\b|\bwhen specified multiple times\b|\b(?:these|this) (?:settings|options?|setting) (?:are|is) used multiple times\b|\bsetting \S+= to a value multiple times\b|\b(?:space|whitespace|comma)[- ]separated list\b|\bkey can be listed multiple times\b|\bmay be used multiple times\b/i;

export interface DescribeOptions {
  /** go-md2man (podman) page: no "Added in version", no systemd naming conventions. */
  podman: boolean;
  /** The value podman's option table shows for the key ("ReadOnly=true"). */
  example?: string;
}

/** Describes one entry. `keyName` is the key being described, for name-based conventions. */
export function describe(entry: Entry, keyName: string, { podman, example }: DescribeOptions): DirectiveInfo {
  const paras = entry.body.filter((n): n is Para => n.kind === 'para');
  const prose = paras.filter((p) => !p.bullet);
  const all = ownSentences(prose.flatMap(sentences), keyName, entry.keys);

  const info: DirectiveInfo = { type: 'string', doc: docOf(prose, all) };

  // the sentence that says what the value is: "Takes …", "One of …", "Accepts …"
  const typeSentence = all.find((s) => /\b(?:takes|accepts|expects)\b|^one of\b/i.test(s.text));
  const typeText = typeSentence?.text ?? '';

  let values: string[] = [];
  let closed = false;
  const valueSentence = all.find((s) => ENUM_TRIGGER.test(s.text));
  if (valueSentence) {
    const afterTrigger = valueSentence.text.slice(valueSentence.text.search(ENUM_TRIGGER)).replace(ENUM_TRIGGER, '');
    const inline = dashListValues(valueSentence.runs);
    if (inline.length) {
      values = inline;
      closed = true;
    } else if (/^\W*$/.test(afterTrigger)) {
      // "The following values are supported:" and a list of items
      values = itemValues(entry.body, valueSentence.para);
      closed = values.length > 1;
    } else {
      values = literalValues(valueSentence.runs, triggerRunIndex(valueSentence.runs));
      // "Some valid values are …", "… so this is not comprehensive": examples, not the list
      const examples =
        /\b(?:some|for example|e\.g\.|such as)\b/i.test(valueSentence.text) ||
        all.some((s) => /\bnot comprehensive\b/.test(s.text));
      closed = values.length > 1 && !examples && isClosedList(afterTrigger, values);
    }
  }

  // podman: "ReadOnly= (defaults to false)" headings, "(default true)" in the text, "=true" examples
  const podmanBoolean =
    podman &&
    (/\(defaults? (?:to |is )?(?:true|false)\)/i.test(`${entry.subheading} ${info.doc}`) ||
      /^(?:true|false)$/.test(example ?? ''));
  const booleanSentence = all.find((s) => BOOLEAN.test(s.text));
  if ((booleanSentence && (booleanSentence.text === typeText || booleanSentence === valueSentence)) || podmanBoolean) {
    info.type = 'boolean';
    // "Takes a boolean argument or the special values "full" or "strict""
    const listed = booleanSentence ? literalValues(booleanSentence.runs) : values;
    const special = listed.filter((v) => !/^(?:yes|no|true|false|on|off|1|0)$/i.test(v));
    if (special.length) info.values = special;
  } else if (closed) {
    info.type = 'enum';
    info.values = values;
  } else {
    info.type = baseType(
      typeText,
      keyName,
      podman,
      all
        .slice(0, 3)
        .map((s) => s.text)
        .join(' '),
    );
    // "Takes an IP address or the special value "any"", "… or "infinity" to disable"
    if (!values.length && typeSentence && /\bspecial values?\b|\bor "/.test(typeText))
      values = literalValues(typeSentence.runs);
    if (values.length) info.values = values;
  }

  if (all.some((s) => MULTIPLE.test(s.text)) || info.type === 'unitList') info.multiple = true;

  const since = all.map((s) => /^Added in version (\d+)\.?$/.exec(s.text)).find(Boolean);
  if (since) info.since = Number(since[1]);

  const deprecation = new RegExp(
    `(?:^|\\b${keyName}= |^This (?:option|setting) )(?:is|has been) (?:now )?(?:deprecated|obsolete)`,
  );
  if (all.some((s) => deprecation.test(s.text))) {
    info.deprecated = true;
    const instead = /\buse (\w+)= instead\b/i.exec(all.map((s) => s.text).join(' '));
    if (instead) info.replacement = instead[1];
  }
  return info;
}

function baseType(typeText: string, keyName: string, podman: boolean, opening: string): ValueType {
  if (UNIT_LIST.test(typeText) || UNIT_LIST.test(opening)) return 'unitList';
  // "Takes "inherit" or a number in the range …": the special values are listed separately
  const form = typeText.replace(
    /(?<=\b(?:takes|accepts)\s+(?:either\s+)?)(?:(?:the\s+)?special values?\s+)?(?:"[^"]*"(?:\s*\([^)]*\))?,?\s*(?:or\s+)?)+/i,
    '',
  );
  if (TIMESPAN.test(typeText)) return 'timespan';
  if (SIZE.test(typeText)) return 'size';
  if (INTEGER.test(form)) return 'integer';
  if (PATH.test(typeText)) return 'path';
  // systemd documents its Exec*= settings as "Commands that are executed …" / "command lines"
  if (!podman && /^Exec(?!SearchPath|Paths)/.test(keyName) && COMMAND.test(opening)) return 'commandLine';
  if (/\bcommand lines\b/.test(typeText)) return 'commandLine';
  // systemd's naming convention: *Sec= settings are time spans (systemd.time(7)); the text of a
  // few of them only says "Configures the time to wait …"
  if (!podman && /[a-z](?:Sec|USec)$/.test(keyName)) return 'timespan';
  return 'string';
}

/** Index of the first run after the enum trigger phrase, so values before it are not taken. */
function triggerRunIndex(runs: Run[]): number {
  const raw = runs.map((r) => r.text).join('');
  const m = ENUM_TRIGGER.exec(raw.replace(/\s/g, ' '));
  if (!m) return 0;
  const end = m.index + m[0].length;
  let offset = 0;
  for (let i = 0; i < runs.length; i++) {
    offset += runs[i].text.length;
    if (offset > end) return i;
  }
  return runs.length;
}

/** go-md2man's "- \fBall\fR: exit non-zero if …" lines, joined into the paragraph. */
function dashListValues(runs: Run[]): string[] {
  const values: string[] = [];
  for (let i = 1; i < runs.length; i++) {
    if (runs[i].font === 'B' && /(?:^|\s)-\s*$/.test(runs[i - 1].text) && /^:/.test(runs[i + 1]?.text ?? ''))
      values.push(runs[i].text.trim());
  }
  return values.length > 1 ? values : [];
}

/** The bold lead of each list item right after a paragraph ("\fBregistry\fR: Requires …"). */
function itemValues(body: RoffNode[], para: Para): string[] {
  const at = body.indexOf(para);
  const next = body[at + 1];
  const items = next?.kind === 'indent' ? next.children : body.slice(at + 1);
  const values: string[] = [];
  for (const node of items) {
    if (node.kind === 'indent' && node.children[0]?.kind === 'para' && node.children[0].bullet !== undefined) {
      // DocBook wraps each item in its own .RS/.RE
      const lead = node.children[0].runs.find((r) => r.text.trim());
      if (lead?.font === 'B') values.push(lead.text.trim());
      continue;
    }
    if (node.kind !== 'para' || node.bullet === undefined) break;
    const lead = node.runs.find((r) => r.text.trim());
    if (lead?.font === 'B') values.push(lead.text.trim());
  }
  return values;
}

/**
 * The sentences that speak about `key` when one entry documents several ("JobTimeoutAction=,
 * JobTimeoutRebootArgument=": "JobTimeoutAction= optionally configures … It takes the same values
 * as FailureAction=. JobTimeoutRebootArgument= configures an optional reboot string …"): a
 * sentence opening with one of the entry's keys starts that key's part; shared text is kept.
 */
function ownSentences(all: Sentence[], key: string, keys: string[]): Sentence[] {
  if (keys.length < 2) return all;
  let owner: string | undefined;
  let lastPara: Para | undefined;
  return all.filter((s) => {
    if (s.para !== lastPara && owner !== undefined && !keys.some((k) => s.text.startsWith(`${k}= `))) owner = undefined;
    lastPara = s.para;
    const opener = keys.find((k) => s.text.startsWith(`${k}= `));
    if (opener) owner = opener;
    return owner === undefined || owner === key;
  });
}

/** The first paragraph as plain text (only the key's own sentences), cut after a sentence when long. */
function docOf(prose: Para[], own: Sentence[]): string {
  const first = prose.find((p) => {
    const t = plainText(p.runs);
    return t && !/^Added in version \d+\.?$/.test(t) && own.some((o) => o.para === p);
  });
  if (!first) return '';
  let doc = '';
  for (const s of sentences(first).filter((s) => own.some((o) => o.para === first && o.text === s.text))) {
    if (doc && doc.length + s.text.length > DOC_LIMIT) return doc + ' …';
    doc = doc ? `${doc} ${s.text}` : s.text;
  }
  return doc;
}
