import type { DocumentStatus, PipelineStage } from '../gql/graphql.js';

const STAGE_LABEL: Record<PipelineStage, string> = { CONVERT: 'converting', CHUNK: 'chunking', EMBED: 'embedding', INDEX: 'indexing' };

/** Status as a word a person reads ("indexed", "converting 3/5"), plus a thin progress bar. */
export function StatusBadge(props: {
  status: DocumentStatus;
  stage?: PipelineStage | null;
  progress?: number;
  page?: number | null;
  pageCount?: number | null;
}) {
  const { status, stage, progress = 0 } = props;
  const working = status === 'PROCESSING' || status === 'QUEUED';
  let label = status.toLowerCase();
  if (status === 'PROCESSING' && stage)
    label = STAGE_LABEL[stage] + (props.page && props.pageCount ? ` ${props.page}/${props.pageCount}` : '');
  return (
    <span className={`status status-${status.toLowerCase()}`} data-status={status.toLowerCase()}>
      <span className="status-label">{label}</span>
      {working && <progress max={1} value={progress} aria-label={`${Math.round(progress * 100)}%`} />}
    </span>
  );
}

export function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** In the reader's locale and time zone ("7 Dec 2026, 01:20" or "12/7/2026, 1:20 AM"). */
export function formatDate(iso: string) {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function pages(n: number) {
  return n === 1 ? '1 page' : `${n} pages`;
}
