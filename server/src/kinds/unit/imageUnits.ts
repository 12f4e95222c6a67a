/**
 * Shared by the "units inside images" rules: whether the unit file goes into an image that runs
 * systemd, and a short name for that image's Dockerfile in messages.
 */
import type { UnitFileContext } from './ruleContext';
import type { ImageForUnit } from './workspace';
import { baseName, dirName } from './document';

/** The images this unit goes into whose Dockerfile runs (or sets up) systemd. */
export function systemdImages(ctx: UnitFileContext): ImageForUnit[] {
  if (ctx.doc.kind !== 'unit' || ctx.doc.dropIn) return [];
  return ctx.imagesForUnit().filter((i) => i.dockerfile.facts.intent || i.dockerfile.facts.systemdPresent === 'yes');
}

/** `Dockerfile` or `../Dockerfile`, relative to the unit's folder. */
export function dockerfileLabel(ctx: UnitFileContext, image: ImageForUnit): string {
  const unitDir = dirName(ctx.doc.path);
  const dfDir = dirName(image.dockerfile.path);
  if (unitDir === dfDir) return baseName(image.dockerfile.path);
  const up = unitDir.slice(dfDir.length).split('/').filter(Boolean).length;
  return `${'../'.repeat(up)}${baseName(image.dockerfile.path)}`;
}
