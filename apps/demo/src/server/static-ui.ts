import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const placeholder = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Forwarder</title></head>
<body><h1>Forwarder</h1><p>The web UI is not installed. The admin API is at <code>/api</code>, Firehose at <code>POST /firehose</code>.</p></body></html>`;

/** The default folder of the web UI (`apps/demo/ui`), from sources or from a build. */
export function defaultUiDirectory(): string {
  const here = import.meta.dirname;
  const candidates = [resolve(here, '../../ui'), resolve(here, '../ui')];
  return candidates.find((candidate) => existsSync(join(candidate, 'index.html'))) ?? candidates[0]!;
}

async function sendFile(reply: FastifyReply, directory: string, relative: string): Promise<boolean> {
  const root = resolve(directory);
  const path = resolve(root, `.${sep}${relative}`);
  if (path !== root && !path.startsWith(root + sep)) return false;
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    const body = await readFile(path);
    await reply
      .header('content-type', contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves the static web UI: `index.html` at `/`, its files at `/<file>` and `/ui/<file>`. Without
 * the folder, `/` shows a short placeholder page.
 */
export function registerStaticUi(app: FastifyInstance, directory: string): void {
  app.get('/', async (_request, reply) => {
    if (await sendFile(reply, directory, 'index.html')) return reply;
    return reply.header('content-type', 'text/html; charset=utf-8').send(placeholder);
  });
  const serve = (prefix: string) =>
    app.get(`${prefix}*`, async (request, reply) => {
      const wildcard = (request.params as { '*': string })['*'];
      let relative: string;
      try {
        relative = decodeURIComponent(wildcard || 'index.html');
      } catch {
        relative = '';
      }
      if (relative !== '' && !relative.includes('\0') && (await sendFile(reply, directory, relative)))
        return reply;
      return reply.callNotFound();
    });
  serve('/ui/');
  serve('/');
}
