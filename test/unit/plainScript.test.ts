/**
 * The plain-script reader (scripts read without tree-sitter) gives exactly the commands of
 * parseWithTreeSitter whenever it reads a script at all: words, spans, working directories,
 * redirections, pipes and failure branches, on hand-written cases, on every RUN body and Exec
 * script of the corpus, and on random scripts made of the tokens where the two could disagree.
 */
import { before, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { initLinter } from '../../server/src/lint';
import { parseWithTreeSitter } from '../../server/src/shell/treeSitterScript';
import { readPlainScript } from '../../server/src/shell/plainScript';
import { parseDockerfile } from '../../server/src/kinds/dockerfile/model';
import { loadCorpusFiles } from '../../bench/corpusFiles';
import { prng } from '../fuzz/mutate';

before(() => initLinter());

/** Variables the image defines (ENV/ARG): expansions of these are known, of others not. */
const VARS = new Map([
  ['A', 'aa'],
  ['D', '/opt/d'],
]);
const CWD = '/work';

/** Whether the plain reader read `script`; when it did, its reading is tree-sitter's. */
function agrees(script: string, vars: ReadonlyMap<string, string> = VARS, cwd: string | null = CWD): boolean {
  const plain = readPlainScript(script, vars, cwd);
  if (plain === undefined) return false;
  const parsed = parseWithTreeSitter(script, vars, cwd);
  assert.equal(parsed.hasError, false, `tree-sitter finds an error in the plainly read ${JSON.stringify(script)}`);
  assert.deepEqual(plain, parsed.commands, `plain reading of ${JSON.stringify(script)}`);
  return true;
}

it('reads plain scripts of units and Dockerfiles as the shell parser does', () => {
  const plain = [
    '/usr/bin/podman run -d --conmon-pidfile /%t/%n-pid --rm -v ${NGINX_CFG}:/etc/nginx -p 80:80/tcp --name ' +
      'nginx ${NGINX_IMAGE_PATH}',
    '/usr/bin/docker container inspect portainer 2> /dev/null || /usr/bin/docker run -d -p 8000:8000 --name ' +
      'portainer --restart=always portainer/portainer-ce:latest',
    'docker rm -f x; docker run --name x img && echo ok',
    'sudo -u me env A=b docker run $IMG',
    'docker pull img >>/var/log/pull 2>&1 || true',
    'docker run   -e\tA=1 user@host a,b +x',
    'apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n       sudo systemd \\\n' +
      '    && rm -rf /var/lib/apt/lists/* \\\n    && rm -f /lib/systemd/system/sockets.target.wants/*udev*',
    'cd /etc/systemd && cd system && rm -f multi-user.target.wants/x.service; cd .. || cd /nowhere; ls',
    'cd $D && make install; cd; pwd',
    'git clone --filter=tree:0 "${URL}" /src && cd /src && git checkout "${VERSION}" && make GOARCH=$ARCH',
    "echo -e '[local]\\nlocalhost ansible_connection=local' > /etc/ansible/hosts",
    'echo "x$A-$D/y" "$A$B" "a $A" "" \'\' a"b c"\'d\'',
    "useradd -ms /bin/bash u && echo 'u:u' | chpasswd && adduser u sudo",
    'ls /etc | grep -v x | xargs rm -f 2>/dev/null',
    'a || b | c && cd /x && d',
    'rm -f /lib/systemd/system/multi-user.target.wants/*;\\\nrm -f /etc/systemd/system/*.wants/*; \\\n  rm -rf /var/cache/dnf/;',
    'apt-get install -y ansible python-pip\\\n  && rm -Rf /usr/share/doc',
    'echo "[local]\\nlocalhost ansible_connection=local" > /etc/ansible/hosts',
    'echo "kic! Build: ${COMMIT_SHA} Time :$(date)" > "/kic.txt" && apt update && \\\r\n    apt install -y systemd',
    'docker run x;',
    'docker run "a\\"b" "a\\$b" "\\\\" $(id -u) "$(id -u)" x$(a | b)',
    'A=1 B= docker run x && C=$(id -u) D=$A && export E=$D/e F && echo $D $E "$F" $C',
    'eval "$(gimme "${GO_VERSION}")" && export GOTOOLCHAIN="go${GO_VERSION}" && GOBIN=/bin go install x@latest',
    'a || A=1 && echo $A; echo "$(b))"',
  ];
  for (const s of plain) assert.ok(agrees(s), `expected a plain reading of ${JSON.stringify(s)}`);
});

it('leaves everything else to the shell parser', () => {
  const notPlain = [
    'docker run a\\ b',
    'docker run "`id`"',
    'docker run ${X:-d}',
    'docker run $1',
    'docker run "$1"',
    'docker run x &',
    'if docker inspect x; then docker start x; fi',
    'for i in a b; do rm $i; done',
    '(cd /x && make)',
    '{ a; b; }',
    'docker run x 2>/dev/null arg',
    'docker run ~/x',
    'docker run x # comment',
    'docker run {a,b}',
    '|| docker run x',
    'docker run x\ndocker rm x',
    'docker run x 2>$LOG',
    'docker run x &> /dev/null',
    'docker run ${A}:${B}',
    'docker run $V=x',
    "docker run $V'x'",
    'docker run x 0>/dev/null',
    'docker run - 2>&1',
    'docker run ==',
    'docker run x &&-d',
    'a%b run x',
    '"docker" run x',
    'docker run "unterminated',
    'docker run x\\\n',
    'cat <<EOF\nx\nEOF',
    'a |& b',
    'a && b > f | c',
    'docker run $((1 + 2))',
    'docker run $(a',
    'a | B=2',
    'docker run $()',
    'docker run "$(a \\\n b)"',
    'export',
    'A=1 export B=2',
    'export -n A',
    'A+=1 b',
    '_=1 b',
    'A=|| b',
    'A=\\\nb',
    'A=1 | b',
    'export A=1 > f',
  ];
  for (const s of notPlain) assert.equal(readPlainScript(s, VARS, CWD), undefined, s);
});

it('agrees with the shell parser on every RUN body and line of the corpus', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const scripts = new Set<string>();
  for (const f of loadCorpusFiles(root, 'dockerfile')) {
    for (const step of parseDockerfile(f.text).steps) if (step.run) scripts.add(step.run.script);
    for (const line of f.text.split('\n')) scripts.add(line.replace(/^\s*RUN\s+/, ''));
  }
  for (const kind of ['unit', 'quadlet'])
    for (const f of loadCorpusFiles(root, kind))
      for (const line of f.text.split('\n')) scripts.add(line.replace(/^\s*\w+=[-@:+!]*/, ''));
  let read = 0;
  for (const s of scripts) if (agrees(s) && agrees(s, new Map(), null)) read++;
  assert.ok(read > 100, `only ${read} of ${scripts.size} corpus scripts were read plainly`);
});

const TOKENS = [
  'docker',
  'rm',
  'cd',
  'apt-get',
  '/usr/bin/docker',
  'run',
  '-d',
  '-rf',
  '--name',
  'x',
  '/a:/b',
  '/var/lib/apt/lists/*',
  '*udev*',
  '?x',
  '*',
  '..',
  '.',
  '/',
  'sub/dir',
  '${V}',
  '$V',
  '$A',
  '${D}',
  '${V}:/x',
  '$D/x',
  'a$A',
  '$V$W',
  '--restart=always',
  '--x="$A"',
  'img:latest',
  '"q"',
  '"a b"',
  '"$A"',
  '"${D}/x"',
  '"$A $V"',
  '"x$V"',
  '""',
  "''",
  "'s t'",
  "'$A'",
  '"a"\'b\'',
  'a"b"',
  '"a"b',
  '"\n"',
  "'\\n'",
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
  '\\\n',
  ' \\\n  ',
  '\\\n\t',
  '\\\r\n',
  '\r',
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
  'user@host',
  'a,b',
  '+x',
  '$',
  '${',
  '$1',
  '$@',
  '\\x',
  '$(',
  ')',
  '$(id -u)',
  '"$(id -u)"',
  '"$(x "$A")"',
  'x$(a | b)',
  '$(a;',
  '"a\\"b"',
  '"\\$A"',
  '"\\\\"',
  'A=',
  'X=$A',
  'X=$(a)',
  'X="a b"',
  '_=x',
  'A+=1',
  'export',
  'export A=1',
  '~',
  '[',
  ']]',
  '\t',
  ' ',
  '\n',
];

it('agrees with the shell parser on random scripts', () => {
  const seps = [' ', ' ', ' ', '  ', '', '\t', ' \\\n  '];
  const r = prng(20261207);
  let readPlain = 0;
  for (let n = 0; n < 6000; n++) {
    let s = r() < 0.6 ? 'docker' : TOKENS[Math.floor(r() * TOKENS.length)];
    const count = 1 + Math.floor(r() * 12);
    for (let k = 0; k < count; k++) s += seps[Math.floor(r() * seps.length)] + TOKENS[Math.floor(r() * TOKENS.length)];
    const read = n % 2 === 0 ? agrees(s) : agrees(s, new Map(), null);
    if (read) readPlain++;
  }
  assert.ok(
    readPlain > 600,
    `only ${readPlain} random scripts were plain: the generator no longer exercises the reader`,
  );
});

it('agrees with the shell parser on random strings of the characters it reads', () => {
  const alphabet = 'abxAVD_0129./:=,%@+-*?${}()><&|;  \t"\'\\\n\rdonteifhcs';
  const r = prng(1207);
  let readPlain = 0;
  for (let n = 0; n < 10000; n++) {
    let s = r() < 0.5 ? 'docker ' : '';
    const length = 1 + Math.floor(r() * 20);
    for (let k = 0; k < length; k++) s += alphabet[Math.floor(r() * alphabet.length)];
    if (agrees(s)) readPlain++;
  }
  assert.ok(readPlain > 500, `only ${readPlain} random strings were plain`);
});
