import { inject } from 'vitest';
import { startApi, startWorker, tempDataDir, type RunningProcess } from './processes.js';

export type ModeName = 'embedded' | 'services';

/**
 * One running deployment for a test file: the embedded default (one process, PGlite under a
 * temporary DATA_DIR) or services mode (an API process plus a separate worker process on
 * PostgreSQL and Redis). `restart` stops and starts every process on the same data.
 */
export interface Deployment {
  mode: ModeName;
  graphqlUrl: string;
  baseUrl: string;
  dataDir: string;
  /** The environment every process of this deployment runs with (e.g. to start a second API). */
  env: Record<string, string>;
  api: RunningProcess;
  worker?: RunningProcess;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const servicesAvailable = () => inject('services') !== null;
export const servicesSkipReason = () => inject('servicesSkipReason');

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export async function deploy(mode: ModeName, extraEnv: Record<string, string> = {}): Promise<Deployment> {
  const dataDir = await tempDataDir();
  let env: Record<string, string> = { DATA_DIR: dataDir, ...extraEnv };
  if (mode === 'services') {
    const services = inject('services');
    if (!services) throw new Error(servicesSkipReason() ?? 'services unavailable');
    env = {
      ...env,
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      REDIS_PREFIX: `${services.redisPrefix}${Math.random().toString(36).slice(2, 8)}`,
      JWT_SECRET,
    };
  }
  const start = async () => {
    // In services mode the worker is a separate process, as in production.
    const worker = mode === 'services' ? await startWorker(env) : undefined;
    const api = await startApi(env);
    return { api, worker };
  };
  let procs = await start();
  const deployment: Deployment = {
    mode,
    dataDir,
    env,
    get graphqlUrl() {
      return procs.api.graphqlUrl;
    },
    get baseUrl() {
      return procs.api.baseUrl;
    },
    get api() {
      return procs.api;
    },
    get worker() {
      return procs.worker;
    },
    async restart() {
      await deployment.stop();
      procs = await start();
    },
    async stop() {
      await Promise.all([procs.api.stop(), procs.worker?.stop()]);
    },
  };
  return deployment;
}
