/**
 * Every snippet (Dockerfiles, units, drop-ins, Quadlet, .nspawn), with its placeholders at their first choice, lints
 * clean.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf, initLinter, lintDockerfile, lintFile } from '../../server/src/lint';

before(() => initLinter());

/** Expand VS Code snippet syntax: ${1|a,b|} → a, ${2} / $0 → '', \$ → $. */
export function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+(:([^}]*))?\}/g, '$2')
    .replace(/(^|[^\\])\$\d+/g, '$1')
    .replace(/\\\$/g, '$');
}

it('Dockerfile snippets lint clean', () => {
  const file = path.resolve(__dirname, '../../../snippets/dockerfile.json');
  const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { body: string[] }>;
  assert.ok(Object.keys(snippets).length >= 2);
  for (const [name, s] of Object.entries(snippets)) {
    const text = expandSnippet(s.body);
    assert.deepEqual(
      lintDockerfile(text).map((f) => `${f.ruleName}: ${f.message}`),
      [],
      `${name}:\n${text}`,
    );
  }
});

/** Where each systemd-unit snippet's text lives (the file type decides the rules). */
const UNIT_SNIPPET_PATHS: Record<string, string> = {
  service: '/etc/systemd/system/app.service',
  timer: '/etc/systemd/system/app.timer',
  socket: '/etc/systemd/system/app.socket',
  'oneshot service': '/etc/systemd/system/setup.service',
  'drop-in override': '/etc/systemd/system/docker.service.d/override.conf',
  'Quadlet container running systemd': '/etc/containers/systemd/web.container',
  'nspawn container with veth and port forwarding': '/etc/systemd/nspawn/web.nspawn',
};

/** Each alternative of each `${n|a,b|}` choice, the other placeholders at their defaults. */
function choiceVariants(body: string[]): string[] {
  const joined = body.join('\n');
  const variants = [expandSnippet(body)];
  for (const m of joined.matchAll(/\$\{\d+\|([^|]*)\|\}/g)) {
    for (const alt of m[1].split(',').slice(1)) variants.push(expandSnippet(joined.replace(m[0], alt).split('\n')));
  }
  return variants;
}

it('systemd-unit snippets (units, drop-in, Quadlet, .nspawn) lint clean with every choice', () => {
  const file = path.resolve(__dirname, '../../../snippets/systemd-unit.json');
  const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { body: string[] }>;
  assert.deepEqual(Object.keys(snippets).sort(), Object.keys(UNIT_SNIPPET_PATHS).sort());
  for (const [name, s] of Object.entries(snippets)) {
    for (const text of choiceVariants(s.body)) {
      assert.deepEqual(
        lintFile(fileKindOf(UNIT_SNIPPET_PATHS[name])!, text, { path: UNIT_SNIPPET_PATHS[name] }).map(
          (f) => `${f.ruleName}: ${f.message}`,
        ),
        [],
        `${name}:\n${text}`,
      );
    }
  }
});

it('the Dockerfile snippets of every distribution family lint clean with every choice', () => {
  const file = path.resolve(__dirname, '../../../snippets/dockerfile.json');
  const snippets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { body: string[] }>;
  for (const family of ['Debian/Ubuntu', 'Fedora/RHEL', 'openSUSE', 'Arch Linux', 'UBI'])
    assert.ok(
      Object.keys(snippets).some((n) => n.includes(family)),
      family,
    );
  for (const [name, s] of Object.entries(snippets)) {
    for (const text of choiceVariants(s.body))
      assert.deepEqual(
        lintDockerfile(text).map((f) => `${f.ruleName}: ${f.message}`),
        [],
        `${name}:\n${text}`,
      );
  }
});
