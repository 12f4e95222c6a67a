/**
 * Lint configuration: `.systemd-lint.yaml` (found from the linted file's folder upward) and
 * editor settings share this shape. Rules are named by id (SCT101) or name (missing-init-cmd).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import type { RuleMeta, Severity } from './types';
import { parsePodmanVersion, parseSystemdVersion, VersionError, type VersionSetting } from './targetVersions';
import { CONTAINER_PROFILES, type ContainerProfile } from '../../../shared/containerProfiles';

export type SeveritySetting = Severity | 'off';

export interface LintConfig {
  /** Rules turned off. */
  ignore?: string[];
  /** Per-rule severity overrides. */
  severity?: Record<string, SeveritySetting>;
  /** The systemd release unit files are judged for (`systemdVersion: 252`); absent or "auto": worked out per file. */
  systemdVersion?: VersionSetting<number>;
  /**
   * The Podman release Quadlet files are judged for (`podmanVersion: "5.4"`); absent or "auto": worked out per file.
   */
  podmanVersion?: VersionSetting<string>;
  /** Where the linted units run: `host` units are not judged by the container rules (SCT710, SCT711). */
  target?: 'host' | 'container';
  /** The run profile units in a container are judged for (security/containerSandbox.ts); default `docker`. */
  runProfile?: ContainerProfile;
}

export const CONFIG_FILE_NAMES = ['.systemd-lint.yaml', '.systemd-lint.yml'];
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export class ConfigError extends Error {}

export function parseConfig(text: string, source: string): LintConfig {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`${source}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    const keys = '"ignore", "severity", "systemdVersion", "podmanVersion", "target" or "runProfile"';
    throw new ConfigError(`${source}: expected a mapping with ${keys}`);
  }
  const obj = data as Record<string, unknown>;
  const config: LintConfig = {};
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((x) => typeof x !== 'string'))
      throw new ConfigError(`${source}: "ignore" must be a list of rule ids or names`);
    config.ignore = obj.ignore as string[];
  }
  if (obj.severity !== undefined) {
    if (typeof obj.severity !== 'object' || obj.severity === null || Array.isArray(obj.severity))
      throw new ConfigError(`${source}: "severity" must map rule ids or names to error|warning|info|hint|off`);
    for (const [k, v] of Object.entries(obj.severity)) {
      if (typeof v !== 'string' || !SEVERITIES.has(v))
        throw new ConfigError(`${source}: severity of ${k} must be one of error, warning, info, hint, off`);
    }
    config.severity = obj.severity as Record<string, SeveritySetting>;
  }
  try {
    if (obj.systemdVersion !== undefined)
      config.systemdVersion = parseSystemdVersion(obj.systemdVersion, `${source}: systemdVersion`);
    if (obj.podmanVersion !== undefined)
      config.podmanVersion = parsePodmanVersion(obj.podmanVersion, `${source}: podmanVersion`);
  } catch (e) {
    if (e instanceof VersionError) throw new ConfigError(e.message);
    throw e;
  }
  if (obj.target !== undefined) {
    if (obj.target !== 'host' && obj.target !== 'container')
      throw new ConfigError(`${source}: "target" must be host or container`);
    config.target = obj.target;
  }
  if (obj.runProfile !== undefined) {
    if (typeof obj.runProfile !== 'string' || !CONTAINER_PROFILES.includes(obj.runProfile as ContainerProfile)) {
      throw new ConfigError(`${source}: "runProfile" must be one of ${CONTAINER_PROFILES.join(', ')}`);
    }
    config.runProfile = obj.runProfile as ContainerProfile;
  }
  return config;
}

/** The nearest config file from `dir` upward, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

export function loadConfigFile(file: string): LintConfig {
  return parseConfig(fs.readFileSync(file, 'utf8'), file);
}

export function mergeConfigs(...configs: (LintConfig | undefined)[]): LintConfig {
  const out: LintConfig = { ignore: [], severity: {} };
  for (const c of configs) {
    if (!c) continue;
    out.ignore!.push(...(c.ignore ?? []));
    Object.assign(out.severity!, c.severity ?? {});
    // a later config's explicit release wins; its "auto" leaves an earlier one standing
    if (c.systemdVersion !== undefined && (c.systemdVersion !== 'auto' || out.systemdVersion === undefined))
      out.systemdVersion = c.systemdVersion;
    if (c.podmanVersion !== undefined && (c.podmanVersion !== 'auto' || out.podmanVersion === undefined))
      out.podmanVersion = c.podmanVersion;
    if (c.target) out.target = c.target;
    if (c.runProfile) out.runProfile = c.runProfile;
  }
  return out;
}

export function ruleMatches(meta: RuleMeta, key: string): boolean {
  const k = key.trim().toLowerCase();
  return k === meta.id.toLowerCase() || k === meta.name;
}

/** The severity a rule reports at under this config, or 'off'. */
export function effectiveSeverity(
  meta: RuleMeta,
  config: LintConfig | undefined,
  reported?: Severity,
): SeveritySetting {
  if (!config) return reported ?? meta.defaultSeverity;
  if (config?.ignore?.some((k) => ruleMatches(meta, k))) return 'off';
  for (const [k, v] of Object.entries(config?.severity ?? {})) if (ruleMatches(meta, k)) return v;
  return reported ?? meta.defaultSeverity;
}
