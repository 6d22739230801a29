import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.js';

/**
 * No Docker engine or cluster here, so the container files are checked by reading them: every
 * file a command or COPY names exists, every environment they set is accepted by config.ts, and
 * probes and ports point at what the code actually serves.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const SECRETS = { DATABASE_URL: 'postgres://u:p@db:5432/d', REDIS_URL: 'redis://redis:6379', JWT_SECRET: 'x'.repeat(40) };

/**
 * `node dist/x.js` (the build the image makes with `npm run build`) → the source of that entry,
 * src/x.ts, which must exist.
 */
function entryOf(command: string[]) {
  expect(command).toHaveLength(2);
  expect(command[0]).toBe('node');
  const built = /^dist\/([\w-]+)\.js$/.exec(command[1]!);
  expect(built, command[1]).not.toBeNull();
  const entry = `src/${built![1]}.ts`;
  expect(existsSync(path.join(ROOT, entry)), entry).toBe(true);
  return entry;
}

describe('Dockerfile', () => {
  const file = DockerfileParser.parse(read('Dockerfile'));
  const runtimeStart = file.getFROMs().at(-1)!.getRange().start.line;
  const runtime = file.getInstructions().filter((i) => i.getRange().start.line >= runtimeStart);
  const args = (keyword: string) => runtime.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');

  it('is multi-stage on Node 20, and the runtime stage runs as a non-root user', () => {
    const froms = file.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from.getImage()).toMatch(/^node:20[-.]/);
    expect(args('USER').at(-1)).toBe('node');
    expect(args('RUN').join('\n')).not.toMatch(/npm (ci|install)(?!.*--omit=dev)/);
  });

  it('copies only files that exist, and its default command starts the API', () => {
    for (const copy of file.getCOPYs()) {
      if (copy.getFlags().some((f) => f.getName() === 'from')) continue;
      const sources = copy
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue());
      for (const src of sources) expect(existsSync(path.join(ROOT, src)), src).toBe(true);
    }
    const cmd = JSON.parse(args('CMD').at(-1)!) as string[];
    expect(entryOf(cmd)).toBe('src/main.ts');
  });

  it('has a healthcheck against /health on the port the process listens on', () => {
    const hc = args('HEALTHCHECK').at(-1)!;
    expect(hc).toMatch(/\/health/);
    expect(hc).toMatch(/process\.env\.PORT/);
    expect(hc).toMatch(/process\.env\.METRICS_PORT/);
    const env = args('ENV').join(' ');
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(args('EXPOSE').join(' ').split(/\s+/)).toContain(port);
    expect(loadConfig({ PORT: port, HOST: '0.0.0.0', DATA_DIR: '/data', NODE_ENV: 'production' }).port).toBe(Number(port));
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, any> };
  // Compose substitutes `${VAR:-default}` from the shell; read each as its default.
  for (const svc of Object.values(compose.services)) {
    for (const [k, v] of Object.entries((svc.environment ?? {}) as Record<string, unknown>)) {
      svc.environment[k] = String(v).replace(/\$\{\w+:-([^}]*)\}/g, '$1');
    }
  }
  const { services } = compose;

  it('runs PostgreSQL with pgvector and Redis with AOF and noeviction', () => {
    expect(services.postgres.image).toMatch(/^pgvector\/pgvector:/);
    const redis = (services.redis.command as string[]).join(' ');
    expect(redis).toMatch(/--appendonly yes/);
    expect(redis).toMatch(/--maxmemory-policy noeviction/);
  });

  it('starts the API and worker from one image with settings config.ts accepts (services mode)', () => {
    expect(services.api.build).toBe(services.worker.build);
    expect(entryOf(services.api.command)).toBe('src/main.ts');
    expect(entryOf(services.worker.command)).toBe('src/worker.ts');
    for (const name of ['api', 'worker']) {
      const env = { ...services[name].environment, JWT_SECRET: SECRETS.JWT_SECRET };
      const config = loadConfig(env);
      expect(config.mode).toBe('services');
      expect(services[name].depends_on.postgres.condition).toBe('service_healthy');
    }
    const api = loadConfig({ ...services.api.environment, JWT_SECRET: SECRETS.JWT_SECRET });
    expect(services.api.ports).toContain(`${api.port}:${api.port}`);
    const worker = loadConfig({ ...services.worker.environment, JWT_SECRET: SECRETS.JWT_SECRET });
    expect(services.worker.expose).toContain(String(worker.metricsPort));
    // Both roles see the same files: the API writes originals, workers read them.
    expect(services.api.volumes).toEqual(services.worker.volumes);
  });

  it('has Prometheus scrape the ports the API and workers serve /metrics on', () => {
    const prom = parse(read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: Array<{ job_name: string; dns_sd_configs: Array<{ port: number }> }>;
    };
    const port = (job: string) => prom.scrape_configs.find((s) => s.job_name === job)?.dns_sd_configs[0]?.port;
    expect(port('api')).toBe(Number(services.api.environment.PORT));
    expect(port('worker')).toBe(Number(services.worker.environment.METRICS_PORT));
  });
});

describe('Kubernetes manifests', () => {
  const kustomization = parse(read('deploy/k8s/kustomization.yaml')) as { resources: string[]; images: Array<{ name: string }> };
  const docs = kustomization.resources.flatMap((r) => parseAllDocuments(read(`deploy/k8s/${r}`)).map((d) => d.toJS() as any));
  const configMap = docs.find((d) => d.kind === 'ConfigMap');
  const deployment = (name: string) => docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name);

  it('lists resources that exist and parse', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Deployment',
      'Namespace',
      'PersistentVolumeClaim',
      'Service',
      'Service',
    ]);
  });

  for (const [name, entry, portEnv] of [
    ['docsphere-api', 'src/main.ts', 'PORT'],
    ['docsphere-worker', 'src/worker.ts', 'METRICS_PORT'],
  ] as const) {
    it(`${name}: probes /ready and /health on the port the process listens on, as non-root`, () => {
      const d = deployment(name);
      expect(d.spec.selector.matchLabels).toEqual(d.spec.template.metadata.labels);
      const pod = d.spec.template.spec;
      const [container] = pod.containers;
      expect(entryOf(container.command)).toBe(entry);
      expect(kustomization.images.map((i) => i.name)).toContain(container.image);
      const env = Object.fromEntries((container.env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
      expect(container.envFrom.map((e: any) => e.configMapRef?.name ?? e.secretRef?.name)).toEqual([
        configMap.metadata.name,
        'docsphere-secrets',
      ]);
      const config = loadConfig({ ...configMap.data, ...SECRETS, ...env });
      expect(config.mode).toBe('services');
      expect(config.host).toBe('0.0.0.0');
      const listening = portEnv === 'PORT' ? config.port : config.metricsPort;
      const named = Object.fromEntries(
        (container.ports as Array<{ name: string; containerPort: number }>).map((p) => [p.name, p.containerPort]),
      );
      expect(container.readinessProbe.httpGet.path).toBe('/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(named[container.readinessProbe.httpGet.port]).toBe(listening);
      expect(named[container.livenessProbe.httpGet.port]).toBe(listening);
      expect(d.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(listening));
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(config.shutdownTimeoutMs);
      expect(container.volumeMounts.find((m: any) => m.name === 'files').mountPath).toBe(config.dataDir);
    });
  }
});
