#!/usr/bin/env node
import { parseCliArguments, USAGE } from './cli-arguments.js';
import { startSandbox } from './start-sandbox.js';

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCliArguments>;
  try {
    parsed = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logger = parsed.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
  const sandbox = await startSandbox(logger === undefined ? parsed.options : { ...parsed.options, logger });
  process.stdout.write(`Rokt sandbox listening on ${sandbox.url}\n`);
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`rokt-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
