/**
 * Every devcontainer.json rule, in id order: the run-configuration pitfalls (pitfallAdapter.ts), then the
 * devcontainer-only ones.
 */
import type { DevcontainerRule } from './context';
import { devcontainerPitfallRules } from './pitfallAdapter';
import { devcontainerOverrideCommand } from './overrideCommand';

export const devcontainerRules: DevcontainerRule[] = [...devcontainerPitfallRules, devcontainerOverrideCommand];
