import { z } from 'zod';

/**
 * Every job this system runs, with the schema of its payload. Payloads carry ids only: handlers
 * re-read current state, so a job that runs late, twice, or after a reprocess does the right thing.
 */
export const jobCatalogue = {
  'document.process': z.object({
    documentId: z.uuid(),
    /** The document generation the job was queued for; stale generations are skipped. */
    generation: z.number().int().positive(),
  }),
} as const;

export type JobName = keyof typeof jobCatalogue;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalogue)[N]>;

/** Deterministic ids make enqueueing idempotent: the same document generation is queued once. */
export function jobIdFor<N extends JobName>(name: N, payload: JobPayload<N>): string {
  switch (name) {
    case 'document.process':
      return `process-${payload.documentId}-${payload.generation}`;
    default:
      throw new Error(`no job id rule for ${String(name)}`);
  }
}

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return jobCatalogue[name].parse(data) as JobPayload<N>;
}

export interface JobContext {
  /** 1-based attempt number. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
