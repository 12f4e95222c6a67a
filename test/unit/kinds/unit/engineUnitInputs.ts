/**
 * A unit that runs a container, and the names of the rules its run lines get: the inputs of the
 * tests of the rules on such units.
 */
import { lintUnitRunLines } from '../../../../server/src/lint';
import { lines, ruleNames } from '../../runspecHelpers';

export const names = (text: string) => ruleNames(lintUnitRunLines, text);

export const unit = (service: string[], unitSection: string[] = ['Requires=docker.service', 'After=docker.service']) =>
  lines([
    '[Unit]',
    'Description=x',
    ...unitSection,
    '',
    '[Service]',
    ...service,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ]);
