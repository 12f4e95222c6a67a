/**
 * Where a .nspawn file lies decides what systemd-nspawn trusts: the paths the nspawn rule tests
 * use.
 */

export const TRUSTED = '/etc/systemd/nspawn/web.nspawn';

export const NEXT_TO_IMAGE = '/var/lib/machines/web.nspawn';
