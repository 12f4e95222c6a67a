/**
 * The directive checks against the real unit, Quadlet and .nspawn files of ../shared/corpus (read
 * in place), and against the unit files systemd 257 and podman 5.4 ship themselves (from the
 * pinned Debian packages, when cached): no false noise. Every finding there is listed with why it is real.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initLinter, lintFile } from '../../server/src/lint';
import { lintUnitFile } from '../../server/src/kinds/unit/lint';
import { corpusCheckout, loadCorpus } from '../../scripts/corpus';
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { debPath } from '../../scripts/directives/debs';
import { directiveSource } from '../../server/src/kinds/unit/knowledge/directives';

before(() => initLinter());

/** record id:line rule → why the finding is right. */
const EXPECTED: Record<string, string> = {
  'opensuse-container-nginx:17 deprecated-value':
    'KillMode=none: systemd ≥ 246 logs a warning for it (NEWS); the corpus labels it unit_killmode_none',
};

it('corpus unit, Quadlet and .nspawn files: no unknown keys or sections, only the listed directive findings', () => {
  const { dir, records } = loadCorpus();
  const checkout = corpusCheckout(dir, records);
  const found: string[] = [];
  let files = 0;
  for (const record of records) {
    if (!['unit', 'quadlet', 'nspawn'].includes(record.kind)) continue;
    files++;
    const text = fs.readFileSync(path.join(dir, record.file), 'utf8');
    for (const f of lintUnitFile(checkout.pathOf(record), text)) {
      if (/^SCT4/.test(f.ruleId)) found.push(`${record.id}:${f.range.start.line + 1} ${f.ruleName}`);
    }
  }
  assert.equal(files, 13);
  assert.deepEqual(found.sort(), Object.keys(EXPECTED).sort());
  assert.ok(!found.some((f) => /unknown-(key|section)/.test(f)));
});

it('KillMode=none in a unit that drives a container is reported once (unit-killmode-none), not twice', () => {
  const { dir, records } = loadCorpus();
  const record = records.find((r) => r.id === 'opensuse-container-nginx')!;
  const text = fs.readFileSync(path.join(dir, record.file), 'utf8');
  const names = lintFile('unit', text, { path: '/srv/container-nginx.service' })
    .filter((f) => f.range.start.line === 16)
    .map((f) => f.ruleName);
  assert.ok(names.includes('unit-killmode-none'));
  assert.ok(!names.includes('deprecated-value'));
  // without a container in it, the directive check reports it
  assert.deepEqual(
    lintFile('unit', '[Service]\nExecStart=/usr/bin/sleep infinity\nKillMode=none\n', { path: '/w/x.service' }).map(
      (f) => f.ruleName,
    ),
    ['deprecated-value'],
  );
});

it('the unit files systemd 257 and podman 5.4 ship themselves lint clean (only the legacy-location infos)', (t) => {
  const debs = ['systemd', 'systemd-container', 'podman', 'udev'].map((p) => debPath(p, directiveSource.packages[p]));
  if (!debs.every((d) => fs.existsSync(d))) {
    t.skip('pinned .debs not cached (bash .ci/manpages-setup.sh)');
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sct-units-'));
  try {
    for (const deb of debs) execFileSync('dpkg-deb', ['-x', deb, tmp]);
    const found: string[] = [];
    let files = 0;
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (
          e.isFile() &&
          /\.(service|socket|timer|mount|automount|swap|target|slice|path|network|netdev|link|nspawn|conf)$/.test(
            e.name,
          )
        ) {
          const rel = p.slice(tmp.length);
          const findings = lintUnitFile(rel, fs.readFileSync(p, 'utf8'));
          if (findings.length || /\/systemd\/(system|user|network)\//.test(rel)) files++;
          for (const f of findings) found.push(`${rel}:${f.range.start.line + 1} ${f.ruleName} ${f.severity}`);
        }
      }
    };
    walk(path.join(tmp, 'usr/lib'));
    assert.ok(files > 250, `only ${files} unit files found`);
    // systemd-battery-check.service keeps FailureAction= in [Service], which systemd still reads there
    assert.deepEqual(found, ['/usr/lib/systemd/system/systemd-battery-check.service:26 deprecated-key info']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
