import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { RoktSandbox } from '../rokt-sandbox.js';
import type { SandboxOptions } from '../sandbox-options.js';
import { startSandbox } from '../start-sandbox.js';

/**
 * One sandbox for a whole test file: started with `options` before all tests, `prepare`d before
 * each (reset, faults cleared, seeded: whatever the file needs), closed after all. Call at the top
 * of the file; the returned sandbox may be used inside tests and hooks only.
 */
export function useSandbox(
  options: SandboxOptions,
  prepare: (sandbox: RoktSandbox) => void | Promise<void>,
): RoktSandbox {
  let current: RoktSandbox | undefined;
  const started = (): RoktSandbox => {
    if (current === undefined) throw new Error('the sandbox starts in beforeAll: use it inside tests');
    return current;
  };
  beforeAll(async () => {
    current = await startSandbox(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => prepare(started()));
  return new Proxy({} as RoktSandbox, {
    get(_target, key) {
      const sandbox = started();
      const value: unknown = Reflect.get(sandbox, key, sandbox);
      return typeof value === 'function' ? value.bind(sandbox) : value;
    },
  });
}
