/**
 * A .container, a Quadlet folder and the errors Quadlet of a given Podman release finds in them.
 */
import { lintFile } from '../../../../server/src/lint';
import { memoryFs, unit } from '../../unitHelpers';

export const C = '/etc/containers/systemd/web.container';

export const errors = (text: string, podmanVersion?: string, file = C, fsys?: ReturnType<typeof memoryFs>) =>
  lintFile('quadlet', text, { path: file, podmanVersion, ...fsys }).filter((f) => f.severity === 'error');

export const ids = (text: string, podmanVersion?: string) =>
  lintFile('quadlet', text, { path: C, podmanVersion }).map((f) => `${f.ruleId}:${f.range.start.line}`);

/** A key new in 5.8 (HttpProxy=) and a deprecated one (RemapUsers=). */
export const probe = unit(['[Container]', 'Image=quay.io/fedora/fedora:41', 'HttpProxy=false', 'RemapUsers=auto']);

/** A Quadlet folder with a network and a pod to refer to. */
export const dir = '/etc/containers/systemd';

export const fsys = memoryFs({
  [`${dir}/web.container`]: '',
  [`${dir}/db.network`]: '[Network]\n',
  [`${dir}/sub/app.pod`]: '[Pod]\n',
});

/** The errors (rule:line) of a .container in that folder with these lines after Image=. */
export const one = (lines: string[], v?: string) =>
  errors(unit(['[Container]', 'Image=quay.io/a/b', ...lines]), v, C, fsys).map(
    (f) => `${f.ruleName}:${f.range.start.line}`,
  );
