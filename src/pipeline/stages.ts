import { chunkStage } from './chunk.stage.js';
import { convertStage } from './convert.stage.js';
import { embedStage } from './embed.stage.js';
import { indexStage } from './index.stage.js';
import type { ProgressSpan } from './progress.js';
import type { StageRunner } from './stage.js';

/** A row of the stage table. */
interface StageRow {
  /** Stored in `documents.stage` and shown as the GraphQL `PipelineStage` enum (upper-cased). */
  readonly name: string;
  /** Share of the overall progress bar; the weights add up to 1. */
  readonly weight: number;
  readonly run: StageRunner;
  /** Fewest milliseconds between two progress writes while the stage reports (progress.ts). */
  readonly progressEveryMs: number;
}

/**
 * The one place that decides what happens to a document, in which order: a new stage is one row
 * here and one `*.stage.ts` file. Each stage owns a slice of the progress bar, so clients see one
 * monotone 0..1 value across stages. `satisfies` checks every row at compile time, and the
 * names become the `PipelineStage` type, so a runner cannot be missing or misspelt.
 */
export const stageTable = [
  { name: 'convert', weight: 0.6, run: convertStage, progressEveryMs: 250 },
  { name: 'chunk', weight: 0.05, run: chunkStage, progressEveryMs: 250 },
  { name: 'embed', weight: 0.2, run: embedStage, progressEveryMs: 500 },
  { name: 'index', weight: 0.15, run: indexStage, progressEveryMs: 250 },
] as const satisfies readonly StageRow[];

export type PipelineStage = (typeof stageTable)[number]['name'];

/** The stage names in pipeline order. */
export const pipelineStages: readonly PipelineStage[] = stageTable.map((s) => s.name);

const spans = new Map<PipelineStage, ProgressSpan>();
{
  let from = 0;
  for (const s of stageTable) {
    spans.set(s.name, { from, weight: s.weight });
    from += s.weight;
  }
  if (Math.abs(from - 1) > 1e-9) throw new Error(`stage weights add up to ${from}, not 1`);
}

/** The slice of the overall progress bar that `stage` accounts for. */
export const stageSpan = (stage: PipelineStage): ProgressSpan => spans.get(stage)!;
