import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recording HTTP server for tests: stores every request body; answers 401 for a wrong token. */
export async function startCollector(expectedToken: string) {
  const received: Array<{ authorization: string | undefined; body: unknown }> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        authorization: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.statusCode = request.headers.authorization === expectedToken ? 200 : 401;
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
