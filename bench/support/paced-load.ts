import { Agent, request } from 'node:http';

/** Options of {@link runPacedLoad}. */
export interface PacedLoadOptions {
  /** The URL every request is POSTed to. */
  url: string;
  headers: Record<string, string>;
  /** Requests per second, spread evenly (one every `1000 / rate` ms). */
  rate: number;
  seconds: number;
  /** The body of request number `sequence`. */
  body: (sequence: number) => string;
}

/** What a paced run measured. */
export interface PacedLoadResult {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/**
 * An open-loop load at a steady rate: request `n` is due at `start + n / rate` and is sent then,
 * whatever happened to the others (over as many kept-alive connections as needed), and its latency
 * runs from when it was due, not from when it went out, so a server that stalls is charged for
 * every request it kept waiting (no coordinated omission). autocannon's `overallRate` instead lets
 * each connection send its whole quota for a second at once, then pauses until the next second:
 * at 1,000 requests/s over 50 connections that is a burst of 50 in flight at the start of every
 * second, not a steady rate.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let inFlight = 0;
  let sent = 0;

  const send = (sequence: number, dueAt: number) => {
    const body = options.body(sequence);
    inFlight += 1;
    const outgoing = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () => {
          inFlight -= 1;
          latencies.push(performance.now() - dueAt);
          if ((incoming.statusCode ?? 0) >= 300) non2xx += 1;
        });
      },
    );
    outgoing.on('error', () => {
      inFlight -= 1;
      errors += 1;
    });
    outgoing.end(body);
  };

  const started = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * options.rate) / 1000));
      while (sent < due) {
        send(sent, started + (sent * 1000) / options.rate);
        sent += 1;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const waitUntil = performance.now() + 30_000;
  while (inFlight > 0 && performance.now() < waitUntil)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((left, right) => left - right);
  const round = (value: number) => Number(value.toFixed(1));
  return {
    p50Ms: round(percentile(sorted, 0.5)),
    p90Ms: round(percentile(sorted, 0.9)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    requestsPerSecond: round(latencies.length / seconds),
    non2xx,
    errors: errors + inFlight,
  };
}
