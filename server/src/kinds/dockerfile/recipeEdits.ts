/**
 * The parts of the canonical recipe as edits, each with the condition under which its rule
 * fires. Rules use them for their own fix; the fixes that make an image a systemd image
 * (CMD, installing systemd) add the parts that would otherwise become new findings, so that
 * applying one fix never leaves the file with more problems than before.
 */
import type { TextEdit } from '../../core/types';
import type { DockerfileContext } from './ruleContext';
import { isSystemdStopSignal } from './facts';
import { pruneBlock } from './recipes';

export function needsContainerEnv(ctx: DockerfileContext, intent: boolean): boolean {
  const { model } = ctx;
  if (!intent || model.env.has('container') || model.base.setsContainerEnv === 'yes') return false;
  return !(model.base.setsContainerEnv === 'unknown' && model.base.systemdReady);
}

export function needsStopSignal(ctx: DockerfileContext, intent: boolean): boolean {
  const { model } = ctx;
  if (!intent || isSystemdStopSignal(model.stopSignal?.value)) return false;
  if (!model.stopSignal && model.base.setsStopSignal === 'yes') return false;
  return !(!model.stopSignal && model.base.setsStopSignal === 'unknown' && model.base.systemdReady);
}

export function needsPrune(
  ctx: DockerfileContext,
  intent: boolean,
  systemdPresent = ctx.facts.systemdPresent,
): boolean {
  const { facts } = ctx;
  if (!intent || !defaultLinksKnown(ctx, systemdPresent)) return false;
  return !(facts.pruned.sysinit || facts.pruned.multiUser || facts.customDefaultTarget || facts.opaqueSteps.length);
}

/**
 * Are the default wants links (and units) that systemd's packages create known to be in the
 * image? Yes when this file installs systemd on a base without it, or when the base is a known
 * systemd image that does not prune them; not when systemd's presence or the base's own setup is
 * unknown (no finding then, rather than a false "is installed").
 */
export function defaultLinksKnown(ctx: DockerfileContext, systemdPresent = ctx.facts.systemdPresent): boolean {
  const { facts, model } = ctx;
  if (systemdPresent !== 'yes') return false;
  if (model.base.systemdReady) return !!facts.systemdInstall || model.base.prunesWants === 'no';
  // An image named for systemd that we do not know may have pruned already.
  return !model.base.namedForSystemd;
}

export const containerEnvEdit = (ctx: DockerfileContext): TextEdit =>
  ctx.insertLines(ctx.afterFromLine, ['ENV container=docker']);
export const stopSignalEdit = (ctx: DockerfileContext): TextEdit =>
  ctx.insertLines(ctx.afterFromLine, ['STOPSIGNAL SIGRTMIN+3']);
export const pruneEdit = (ctx: DockerfileContext): TextEdit =>
  ctx.insertLines(ctx.afterLastInstallLine, [pruneBlock(ctx.facts.recipe.unitDir, ctx.eol)]);

/** Join insertions at the same point into one edit, keeping their order (clients differ on ties). */
export function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find(
      (o) =>
        o.range.start.line === e.range.start.line &&
        o.range.start.character === e.range.start.character &&
        o.range.end.line === o.range.start.line &&
        o.range.end.character === o.range.start.character &&
        e.range.end.line === e.range.start.line &&
        e.range.end.character === e.range.start.character,
    );
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

/** The recipe parts a systemd image still lacks, once it is sure to run systemd. */
export function completionEdits(ctx: DockerfileContext, systemdPresent = ctx.facts.systemdPresent): TextEdit[] {
  const edits: TextEdit[] = [];
  if (needsContainerEnv(ctx, true) && !needsContainerEnv(ctx, ctx.facts.intent)) edits.push(containerEnvEdit(ctx));
  if (needsStopSignal(ctx, true) && !needsStopSignal(ctx, ctx.facts.intent)) edits.push(stopSignalEdit(ctx));
  if (needsPrune(ctx, true, systemdPresent) && !needsPrune(ctx, ctx.facts.intent)) edits.push(pruneEdit(ctx));
  return edits;
}
