/** A .container file the Quadlet rule tests vary. */
import { unit } from '../../unitHelpers';

export const C = '/w/web.container';

export const container = (lines: string[], extra: string[] = []) =>
  unit([
    '[Unit]',
    'Description=Web',
    '',
    '[Container]',
    'Image=quay.io/fedora/fedora:41',
    ...lines,
    '',
    '[Service]',
    'Restart=always',
    ...extra,
    '',
    '[Install]',
    'WantedBy=default.target',
  ]);
