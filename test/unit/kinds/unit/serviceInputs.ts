/** A service unit the directive rule tests vary. */
import { unit } from '../../unitHelpers';

export const SVC = '/w/web.service';

export const base = (service: string[], extra: string[] = []) =>
  unit([
    '[Unit]',
    'Description=Web',
    '',
    '[Service]',
    ...service,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    ...extra,
  ]);
