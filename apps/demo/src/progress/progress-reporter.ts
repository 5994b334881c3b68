/** The counts a progress line shows. */
export interface ProgressSnapshot {
  /** Input bytes read so far. */
  bytesRead: number;
  /** The input's size in bytes, when known. */
  totalBytes?: number;
  messages: number;
  profiles: number;
  delivered: number;
  skipped: number;
  failed: number;
  invalidMessages: number;
}

/** A sink for progress and for log lines that must not collide with a progress bar. */
export interface ProgressReporter {
  /** Writes a line (to the same stream), clearing the progress bar first if one is drawn. */
  log(line: string): void;
  /** Removes the bar (TTY) and stops the timer. */
  stop(): void;
}

/** Options of {@link startProgress}. */
export interface ProgressOptions {
  /** Where to write (standard error). */
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Reads the current counts. */
  snapshot: () => ProgressSnapshot;
  /** Whether to draw a bar that redraws in place (default: `stream.isTTY`). */
  tty?: boolean;
  /** How often a TTY bar is redrawn, in milliseconds (default 100, at most ~10 times a second). */
  redrawMs?: number;
  /** How often a plain progress line is written when not on a TTY (default 10,000 ms). */
  plainIntervalMs?: number;
}

const integerFormat = new Intl.NumberFormat('en-US');

function formatCount(value: number): string {
  return integerFormat.format(Math.round(value));
}

function describe(snapshot: ProgressSnapshot, elapsedSeconds: number): { percent?: number; text: string } {
  const rate = elapsedSeconds > 0 ? snapshot.profiles / elapsedSeconds : 0;
  const percent =
    snapshot.totalBytes !== undefined && snapshot.totalBytes > 0
      ? Math.min(100, (100 * snapshot.bytesRead) / snapshot.totalBytes)
      : undefined;
  const parts = [
    `${formatCount(snapshot.messages)} messages`,
    `${formatCount(snapshot.profiles)} profiles`,
    `${formatCount(snapshot.delivered)} delivered`,
    `${formatCount(snapshot.skipped)} skipped`,
    `${formatCount(snapshot.failed)} failed`,
  ];
  if (snapshot.invalidMessages > 0) parts.push(`${formatCount(snapshot.invalidMessages)} unusable`);
  parts.push(`${formatCount(rate)} profiles/s`);
  return { ...(percent === undefined ? {} : { percent }), text: parts.join(' · ') };
}

/**
 * Shows a run's progress on standard error. On a terminal: a bar with counts and rate, redrawn in
 * place at most ~10 times a second, first drawn after half a second so that short runs stay
 * quiet. Elsewhere: one plain line every `plainIntervalMs` (10 s), nothing for short runs.
 */
export function startProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream;
  const tty = options.tty ?? stream.isTTY === true;
  const startedAt = performance.now();
  let drawn = false;

  const elapsed = () => (performance.now() - startedAt) / 1000;
  const clear = () => {
    if (drawn) {
      stream.write('\r\x1b[2K');
      drawn = false;
    }
  };
  const draw = () => {
    const { percent, text } = describe(options.snapshot(), elapsed());
    if (tty) {
      const width = 24;
      const filled = percent === undefined ? 0 : Math.round((percent / 100) * width);
      const bar =
        percent === undefined
          ? ''
          : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent.toFixed(0)}% `;
      const line = `${bar}${text}`;
      const columns = stream.columns ?? 120;
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, columns - 1))}`);
      drawn = true;
    } else {
      stream.write(`progress: ${percent === undefined ? '' : `${percent.toFixed(0)}% · `}${text}\n`);
    }
  };

  const interval = tty ? (options.redrawMs ?? 100) : (options.plainIntervalMs ?? 10_000);
  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(
    () => {
      draw();
      timer = setInterval(draw, interval);
      timer.unref();
    },
    tty ? 500 : interval,
  );
  delay.unref();

  return {
    log(line) {
      clear();
      stream.write(`${line}\n`);
    },
    stop() {
      clearTimeout(delay);
      if (timer) clearInterval(timer);
      clear();
    },
  };
}
