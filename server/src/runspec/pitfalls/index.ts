/**
 * The systemd-as-PID-1 pitfalls of a run configuration, one module each, checked on the RunSpec
 * so that compose services, devcontainers and docker/podman run lines in units share one
 * judgement and one fix. A format (kinds/<kind>/…) only says where a setting is written, how the
 * abstract edits of a fix are spelled, and its rules' ids and recipes (formats.ts).
 */
export type * from './types';
export { PITFALLS, pitfall, checkPitfalls, pitfallFix } from './table';
export { pitfallRuleMeta, pitfallFixes, spellingEach, type FormatRule, type RunFormat } from './formats';
export { isCgroupRoot, hasCgroupRootBind } from './mountPaths';
