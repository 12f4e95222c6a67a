/**
 * The plain-script reader (unit files' `sh -c` scripts without tree-sitter) gives exactly the
 * words and onFailureOnly flags of parseScript whenever it reads a script at all: on hand-written
 * cases and on random scripts made of the tokens where the two could disagree.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { initLinter } from '../../server/src/lint';
import { parseScript } from '../../server/src/shell/script';
import { parsePlainScript } from '../../server/src/shell/plainScript';
import { prng } from '../fuzz/mutate';

before(() => initLinter());

function viaParser(script: string) {
  return parseScript(script).commands.map((c) => ({ words: c.words, onFailureOnly: c.onFailureOnly }));
}

function agrees(script: string): boolean {
  const plain = parsePlainScript(script);
  if (plain === undefined) return false;
  assert.deepEqual(plain, viaParser(script), `plain reading of ${JSON.stringify(script)}`);
  return true;
}

it('reads the plain scripts of unit files as the shell parser does', () => {
  const plain = [
    '/usr/bin/podman run -d --conmon-pidfile /%t/%n-pid --rm -v ${NGINX_CFG}:/etc/nginx -p 80:80/tcp --name ' +
      'nginx ${NGINX_IMAGE_PATH}',
    '/usr/bin/docker container inspect portainer 2> /dev/null || /usr/bin/docker run -d -p 8000:8000 --name ' +
      'portainer --restart=always portainer/portainer-ce:latest',
    'docker rm -f x; docker run --name x img && echo ok',
    'sudo -u me env A=b docker run $IMG',
    'docker pull img >>/var/log/pull 2>&1 || true',
    'docker run   -e\tA=1 user@host a,b +x',
  ];
  for (const s of plain) assert.ok(agrees(s), `expected a plain reading of ${s}`);
});

it('leaves everything else to the shell parser', () => {
  const notPlain = [
    'docker run "quoted arg"',
    "docker run 'x'",
    'docker run a\\ b',
    'docker run $(id -u)',
    'docker run ${X:-d}',
    'docker run $1',
    'A=1 docker run x',
    'docker ps | grep x',
    'docker run x &',
    'if docker inspect x; then docker start x; fi',
    'docker run x 2>/dev/null arg',
    'docker run *.txt',
    'docker run ~/x',
    'docker run x # comment',
    'docker run {a,b}',
    'docker run x;',
    '|| docker run x',
    'docker run x\ndocker rm x',
    'docker run x 2>$LOG',
    'docker run x &> /dev/null',
    'docker run ${A}:${B}',
    'docker run $V=x',
    'docker run x 0>/dev/null',
    'docker run - 2>&1',
    'docker run ==',
    'docker run x &&-d',
    'a%b run x',
  ];
  for (const s of notPlain) assert.equal(parsePlainScript(s), undefined, s);
});

it('agrees with the shell parser on random scripts', () => {
  const tokens = [
    'docker',
    'podman',
    '/usr/bin/docker',
    'run',
    '-d',
    '--rm',
    '--name',
    'x',
    '-v',
    '/a:/b',
    '${V}',
    '$V',
    '${V}:/x',
    '$V/x',
    'a$V',
    '$V$W',
    '-p',
    '80:80',
    '8000',
    '--restart=always',
    'img:latest',
    '||',
    '&&',
    ';',
    '|',
    '&',
    '2>',
    '>',
    '>>',
    '<',
    '2>&1',
    '>&2',
    '/dev/null',
    'sudo',
    'env',
    'exec',
    'nohup',
    'time',
    'A=b',
    'a+=b',
    '=x',
    'x=',
    'if',
    'then',
    'fi',
    'do',
    'done',
    'in',
    'esac',
    'export',
    'local',
    'test',
    '!',
    '{',
    '}',
    '(',
    ')',
    '#',
    'a#b',
    '%t/%n',
    '@',
    '-',
    '--',
    '1',
    '-1',
    '0x1',
    '.',
    '..',
    'user@host',
    'a,b',
    '+x',
    '$',
    '${',
    '$1',
    '$@',
    '"q"',
    "'s'",
    '\\x',
    '*',
    '~',
    '[',
    ']]',
    '\t',
    ' ',
  ];
  const seps = [' ', ' ', ' ', '  ', '', '\t'];
  const r = prng(20261122);
  let readPlain = 0;
  for (let n = 0; n < 3000; n++) {
    let s = r() < 0.8 ? 'docker' : tokens[Math.floor(r() * tokens.length)];
    const count = 1 + Math.floor(r() * 12);
    for (let k = 0; k < count; k++) s += seps[Math.floor(r() * seps.length)] + tokens[Math.floor(r() * tokens.length)];
    if (agrees(s)) readPlain++;
  }
  assert.ok(
    readPlain > 300,
    `only ${readPlain} random scripts were plain: the generator no longer exercises the reader`,
  );
});

it('agrees with the shell parser on random strings of the characters it reads', () => {
  const alphabet = 'abxV_0129./:=,%@+-${}><&|;  \tdonteifhcs';
  const r = prng(1122);
  let readPlain = 0;
  for (let n = 0; n < 5000; n++) {
    let s = r() < 0.5 ? 'docker ' : '';
    const length = 1 + Math.floor(r() * 20);
    for (let k = 0; k < length; k++) s += alphabet[Math.floor(r() * alphabet.length)];
    if (agrees(s)) readPlain++;
  }
  assert.ok(readPlain > 300, `only ${readPlain} random strings were plain`);
});
