/** The rule docs are generated; this fails when they drift from the metadata (run npm run docs). */
import { it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { extensionReadmeWithTables, ROOT, rulesMarkdown, type SettingsCategory } from '../../scripts/docs';
import { allRuleMetas } from '../../server/src/kinds/ruleCatalog';

it('docs/rules.md matches the rule metadata', () => {
  assert.equal(fs.readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8'), rulesMarkdown(), 'run npm run docs');
});

it('rule ids and names are unique, names kebab-case, every rule explained with a source', () => {
  assert.equal(new Set(allRuleMetas.map((m) => m.id)).size, allRuleMetas.length);
  assert.equal(new Set(allRuleMetas.map((m) => m.name)).size, allRuleMetas.length);
  for (const m of allRuleMetas) {
    assert.match(m.id, /^SCT\d{3}$/);
    assert.match(m.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(m.explanation.length > 80 && m.sources.length > 0, m.name);
  }
});

it(
  'the extension page (docs/extension-readme.md) lists every command and setting, and its images are in the ' +
    'package',
  () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/extension-readme.md'), 'utf8');
    assert.equal(page, extensionReadmeWithTables(page), 'run npm run docs');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const categories = pkg.contributes.configuration as SettingsCategory[];
    for (const key of categories.flatMap((c) => Object.keys(c.properties))) assert.ok(page.includes(`\`${key}\``), key);
    const images = [...page.matchAll(/\]\(([^)\s]+\.(?:png|jpe?g|gif|svg))\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0);
    for (const image of images) {
      assert.doesNotMatch(image, /^https?:/, 'images are bundled, so the page works offline');
      assert.ok(fs.existsSync(path.join(ROOT, image)), image);
    }
    assert.match(pkg.scripts.package, /--readme-path docs\/extension-readme\.md --no-rewrite-relative-links/);
    assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)), 'the extension icon');
  },
);

it('the walkthrough covers the whole product, and its links name real commands and media', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const steps = pkg.contributes.walkthroughs[0].steps as {
    id: string;
    description: string;
    media: { markdown: string };
  }[];
  assert.deepEqual(
    steps.map((s) => s.id),
    ['open', 'diagnostics', 'fix', 'units', 'run', 'tree', 'ci'],
  );
  const ours = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  for (const view of pkg.contributes.views.systemdContainerTools as { id: string }[]) ours.add(`${view.id}.focus`);
  for (const s of steps) {
    assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
    // The walkthrough is read in the installed extension, where the repository's files are not: a
    // document is a link to it, never a bare path such as `docs/ci.md`.
    const media = fs.readFileSync(path.join(ROOT, s.media.markdown), 'utf8').replace(/\]\(https:[^)]*\)/g, '');
    assert.doesNotMatch(media, /\bdocs\/|\.pre-commit-hooks\.yaml/, `${s.media.markdown} names a repository file`);
    for (const [, command] of s.description.matchAll(/\(command:(systemdContainerTools\.[\w.]+)/g))
      assert.ok(ours.has(command), `${s.id}: ${command}`);
  }
});

it(
  'README: its run command works from a fresh checkout as written, its test command is what CI runs, its links ' +
    'resolve',
  () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const setUp = /## Set up and run\n\n```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n');
    assert.deepEqual(setUp[0], 'npm ci');
    const [program, ...args] = setUp[1].split(/\s+/);
    assert.equal(program, 'node');
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /error SCT103 \(sbin-init-without-sysv-pkg\)/);
    const test = /## Test\n\n```sh\n([\s\S]*?)```/.exec(readme)![1].trim();
    assert.equal(test, 'npm run test:all');
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    assert.match(ci, /^npm run test:all$/m);
    // "CI runs .ci/run: `npm ci`, …, this command, …": each step named there is a line of .ci/run, in that order.
    const said = /CI runs `\.ci\/run`:([\s\S]*?)\.\n/.exec(readme)![1].replace(/\s+/g, ' ');
    const steps = [...said.replace('this command', '`npm run test:all`').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    assert.ok(steps.length >= 4, said);
    const at = steps.map((step) => ci.search(new RegExp(`^${step.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm')));
    assert.ok(
      at.every((i) => i >= 0),
      `${steps.filter((_, i) => at[i] < 0).join(', ')} not in .ci/run`,
    );
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
      `the README names .ci/run's steps out of order: ${steps}`,
    );
    for (const [, link] of readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g))
      assert.ok(fs.existsSync(path.join(ROOT, link)), link);
  },
);

/** Every string of package.json a user reads (titles, names, categories, descriptions), with where it is. */
function userVisibleStrings(value: unknown, where = ''): [string, string][] {
  if (typeof value === 'string') return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => userVisibleStrings(v, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    const shown =
      /^(displayName|description|markdownDescription|title|name|category|contextualTitle|enumDescriptions|markdownEnumDescriptions|label|aliases)$/;
    return Object.entries(value).flatMap(([k, v]) =>
      shown.test(k) || typeof v === 'object' ? userVisibleStrings(v, `${where}.${k}`) : [],
    );
  }
  return [];
}

it('names a user sees are consistent and write systemd in lower case (settings, views, commands, walkthrough)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const strings = userVisibleStrings({
    displayName: pkg.displayName,
    description: pkg.description,
    contributes: pkg.contributes,
  });
  assert.ok(strings.length > 100, `${strings.length} strings`);
  // A property name such as "systemdVersion" is no prose; a sentence may start with "systemd".
  const upper = strings.filter(([, s]) => /\bSystemd\b/.test(s));
  assert.deepEqual(upper, []);
  // The views header, the activity bar and the walkthrough say the same name.
  const container = pkg.contributes.viewsContainers.activitybar[0];
  const view = pkg.contributes.views[container.id][0];
  assert.equal(container.title, 'System Containers');
  // VS Code's side bar and pane headers capitalize every word (text-transform: capitalize), so a
  // header saying systemd would read "Systemd": header titles have no word in lower case.
  for (const header of [container.title, view.name]) assert.doesNotMatch(header, /(^|\s)[a-z]/, header);
  assert.equal(view.name, container.title);
  assert.equal(view.contextualTitle, pkg.displayName);
  for (const c of pkg.contributes.commands) assert.equal(c.category, 'systemd', c.command);
  // Settings: one category per key prefix, so the Settings editor shows "Build: Args" under the
  // category, never "Systemd Container Tools › Build: Args" (it strips the category id from a key).
  const categories = pkg.contributes.configuration as SettingsCategory[];
  for (const category of categories) {
    assert.match(category.id, /^systemdContainerTools(\.[a-z]+)?$/);
    for (const key of Object.keys(category.properties)) {
      assert.ok(key.startsWith(`${category.id}.`), `${key} is not under ${category.id}`);
      assert.doesNotMatch(
        key.slice(category.id.length + 1),
        /\./,
        `${key}: a dot below the category shows as "›" in Settings`,
      );
    }
  }
});
