/** Every compose rule, in id order: the run-configuration pitfalls (pitfallAdapter.ts), then any compose-only rule. */
import type { ComposeRule } from './context';
import { composePitfallRules } from './pitfallAdapter';

export const composeRules: ComposeRule[] = [...composePitfallRules];
