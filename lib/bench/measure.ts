import { loadavg } from 'node:os';
/**
 * Bench support: runs N operations at a fixed concurrency in this process and reports throughput, latency
 * percentiles and CPU per operation. Timing covers only the operations themselves (no HTTP, no setup).
 */
import { performance } from 'node:perf_hooks';

export type Measurement = {
  count: number;
  concurrency: number;
  wallMs: number;
  /** Operations per second of wall time. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** This process's CPU (user + system, all threads: GC, libuv pool, SQLite) per operation. */
  cpuMsPerOp: number;
  /** CPU spent outside this process per operation (the PostgreSQL backends), when a probe is given. */
  externalCpuMsPerOp: number | null;
};

/** Reads cumulative CPU milliseconds of something outside this process; `stop` returns the delta since `start`. */
export type ExternalCpuProbe = { start(): Promise<() => Promise<number>> };

/**
 * Runs `operation(0..count-1)` with `concurrency` workers pulling the next index as soon as they are free (a closed
 * loop, like `concurrency` browsers signing in back to back). Every operation must succeed: a bench of failures
 * would measure the refusal path, so the first error aborts the run.
 */
export async function measure(
  count: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
  externalCpu?: ExternalCpuProbe,
): Promise<Measurement> {
  const latencies = new Float64Array(count);
  const stopExternal = externalCpu ? await externalCpu.start() : null;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runConcurrently(count, concurrency, async (index) => {
    const begin = performance.now();
    await operation(index);
    latencies[index] = performance.now() - begin;
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const externalMs = stopExternal ? await stopExternal() : null;
  latencies.sort();
  return {
    count,
    concurrency,
    wallMs,
    perSecond: (count / wallMs) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuMsPerOp: (cpu.user + cpu.system) / 1000 / count,
    externalCpuMsPerOp: externalMs === null ? null : externalMs / count,
  };
}

/** `concurrency` workers each take the next index as soon as they are free; rejects on the first error. */
export async function runConcurrently(count: number, concurrency: number, operation: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) await operation(index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The machine's 1/5/15-minute load averages, printed with the figures: they depend on what else it runs. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}
