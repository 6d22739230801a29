/**
 * The one place that decides what happens to a document, in which order. Each stage owns a slice
 * of the overall progress bar, so clients see one monotone 0..1 value across stages.
 */
export const pipelineStages = ['convert', 'chunk', 'embed', 'index'] as const;
export type PipelineStage = (typeof pipelineStages)[number];

/** Share of the overall progress each stage accounts for; they add up to 1. */
const weights: Record<PipelineStage, number> = { convert: 0.6, chunk: 0.05, embed: 0.2, index: 0.15 };

/** Overall progress when `stage` is `fraction` (0..1) done. */
export function overallProgress(stage: PipelineStage, fraction: number): number {
  let done = 0;
  for (const s of pipelineStages) {
    if (s === stage) return Math.min(1, done + weights[s] * Math.max(0, Math.min(1, fraction)));
    done += weights[s];
  }
  return done;
}
