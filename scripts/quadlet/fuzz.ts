import type { QuadletCase } from './suite';
export function mutants(_suite: QuadletCase[], _count: number, _seed: number, _release: string): QuadletCase[] {
  return [];
}
