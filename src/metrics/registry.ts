import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process. The API and each worker expose their own (a worker runs
 * the pipeline, so stage timings and conversion metrics live there in services mode); Prometheus
 * sums them across targets. Metric names are a public contract: deploy/grafana/ charts them and
 * a test checks every name the dashboard uses is served.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const seconds = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export const graphqlOperations = new Counter({
  name: 'docsphere_graphql_operations_total',
  help: 'GraphQL operations executed, by operation name and type',
  labelNames: ['operation_name', 'operation_type'] as const,
  registers: [registry],
});
export const graphqlDuration = new Histogram({
  name: 'docsphere_graphql_operation_duration_seconds',
  help: 'Time from execution start to result, by operation name and type',
  labelNames: ['operation_name', 'operation_type'] as const,
  buckets: seconds,
  registers: [registry],
});
export const graphqlErrors = new Counter({
  name: 'docsphere_graphql_errors_total',
  help: 'Errors in GraphQL results, by operation name and error code',
  labelNames: ['operation_name', 'code'] as const,
  registers: [registry],
});
export const subscriptionsActive = new Gauge({
  name: 'docsphere_graphql_subscriptions_active',
  help: 'Subscriptions currently streaming (WebSocket and SSE)',
  registers: [registry],
});
let countWebSockets: () => number = () => 0;
export const websocketConnections = new Gauge({
  name: 'docsphere_websocket_connections',
  help: 'Open graphql-ws connections',
  registers: [registry],
  collect() {
    this.set(countWebSockets());
  },
});
export const extractionRequests = new Counter({
  name: 'docsphere_extraction_requests_total',
  help: 'Conversions (pipeline and extract endpoints) by detected format and outcome',
  labelNames: ['format', 'outcome'] as const,
  registers: [registry],
});
export const extractionDuration = new Histogram({
  name: 'docsphere_extraction_duration_seconds',
  help: 'Conversion time by detected format',
  labelNames: ['format'] as const,
  buckets: seconds,
  registers: [registry],
});
export const extractionFileSize = new Histogram({
  name: 'docsphere_extraction_file_size_bytes',
  help: 'Size of converted files by detected format',
  labelNames: ['format'] as const,
  buckets: [1e3, 1e4, 1e5, 1e6, 5e6, 1e7, 5e7, 1e8],
  registers: [registry],
});
export const ocrPages = new Counter({
  name: 'docsphere_ocr_pages_total',
  help: 'Pages whose text came from OCR',
  registers: [registry],
});
export const jobDuration = new Histogram({
  name: 'docsphere_job_stage_duration_seconds',
  help: 'Pipeline stage durations by stage and outcome',
  labelNames: ['stage', 'outcome'] as const,
  buckets: seconds,
  registers: [registry],
});
export const failures = new Counter({
  name: 'docsphere_document_failures_total',
  help: 'Documents marked FAILED, by error code',
  labelNames: ['code'] as const,
  registers: [registry],
});
export const uploadBytes = new Counter({
  name: 'docsphere_upload_bytes_total',
  help: 'Bytes received in document uploads (all doors), duplicates included',
  registers: [registry],
});
export const uploads = new Counter({
  name: 'docsphere_uploads_total',
  help: 'Document uploads by outcome (created, duplicate)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
let pendingJobs: () => Promise<number> = async () => 0;
export const queueDepth = new Gauge({
  name: 'docsphere_queue_depth',
  help: 'Pipeline jobs waiting or running',
  registers: [registry],
  async collect() {
    this.set(await pendingJobs().catch(() => 0));
  },
});

/** Sampled at scrape time, so an idle process costs nothing between scrapes. */
export function trackQueueDepth(pending: () => Promise<number>): void {
  pendingJobs = pending;
}

export function trackWebSocketConnections(count: () => number): void {
  countWebSockets = count;
}

export const metricsContentType = registry.contentType;
export const renderMetrics = () => registry.metrics();
