import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import ky from 'ky';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpFetch, directBodyOption, readDirectText } from './node-http-fetch.js';

type Route = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/echo': (request, body, response) => {
    response.writeHead(201, { 'content-type': 'application/json', 'x-seen-length': String(body.length) });
    response.end(JSON.stringify({ method: request.method, body, headers: request.headers }));
  },
  '/gzip': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    response.end(gzipSync(JSON.stringify({ zipped: 'é ✓' })));
  },
  '/double-coded': (_request, _body, response) => {
    response.writeHead(200, { 'content-encoding': 'gzip, br' });
    response.end('not what it says');
  },
  '/empty': (_request, _body, response) => {
    response.writeHead(204);
    response.end();
  },
  '/drop': (request) => request.socket.destroy(),
  '/slow': (_request, _body, response) => {
    setTimeout(() => response.end('late'), 2_000).unref();
  },
};

let server: Server;
let url: string;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const route = routes[request.url ?? ''];
      if (route) route(request, Buffer.concat(chunks).toString('utf8'), response);
      else response.writeHead(404).end();
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

describe('createNodeHttpFetch', () => {
  it('sends a body handed over beside the request, with its length, and reads the answer', async () => {
    const fetch = createNodeHttpFetch();
    const body = JSON.stringify({ name: 'Zoë', emoji: '🎉' });
    const response = await fetch(
      new Request(`${url}/echo`, { method: 'POST', headers: { 'X-Test': 'yes' } }),
      {
        [directBodyOption]: body,
      },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen-length')).toBe(String(body.length));
    const answer = JSON.parse(readDirectText(response) ?? '');
    expect(answer).toMatchObject({ method: 'POST', body, headers: { 'x-test': 'yes' } });
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    // The Response is a real one too.
    expect(JSON.parse(await response.text())).toEqual(answer);
    fetch.close();
  });

  it('sends a body that is in the Request itself', async () => {
    const fetch = createNodeHttpFetch();
    const response = await fetch(`${url}/echo`, { method: 'PUT', body: 'plain text' });
    expect(JSON.parse(await response.text())).toMatchObject({ method: 'PUT', body: 'plain text' });
    fetch.close();
  });

  it('runs under ky, taking the body from an option ky does not know', async () => {
    const fetch = createNodeHttpFetch();
    const client = ky.create({ fetch, retry: 0, timeout: false });
    const options = { method: 'post', [directBodyOption]: '{"a":1}' } as Record<string, unknown>;
    const answer = await client(`${url}/echo`, options).json<{ body: string }>();
    expect(answer.body).toBe('{"a":1}');
    fetch.close();
  });

  it('keeps connections alive between requests', async () => {
    const fetch = createNodeHttpFetch({ maxSockets: 1 });
    const before = sockets.size;
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${url}/echo`, { method: 'POST', body: String(index) });
      expect(response.status).toBe(201);
    }
    expect(sockets.size - before).toBe(1);
    fetch.close();
  });

  it('decodes a gzip body and drops its content-encoding', async () => {
    const fetch = createNodeHttpFetch();
    const response = await fetch(`${url}/gzip`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(readDirectText(response)).toBe(JSON.stringify({ zipped: 'é ✓' }));
    fetch.close();
  });

  it('fails a body in a coding it cannot decode rather than handing over the bytes', async () => {
    const fetch = createNodeHttpFetch();
    const error = await fetch(`${url}/double-coded`).catch((caught: unknown) => caught);
    expect((error as TypeError).message).toBe('fetch failed');
    expect(((error as TypeError).cause as Error).message).toMatch(/unsupported content-encoding "gzip, br"/);
    fetch.close();
  });

  it('ends its kept-alive sockets on close', async () => {
    const fetch = createNodeHttpFetch();
    let closed = 0;
    const before = new Set(sockets);
    await fetch(`${url}/echo`, { method: 'POST', body: 'x' });
    for (const socket of sockets) {
      if (!before.has(socket)) socket.on('close', () => (closed += 1));
    }
    fetch.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(1);
  });

  it('answers a 204 with no body', async () => {
    const fetch = createNodeHttpFetch();
    const response = await fetch(`${url}/empty`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(readDirectText(response)).toBe('');
    fetch.close();
  });

  it('rejects a dropped connection as fetch does: TypeError("fetch failed") with the socket error as cause', async () => {
    const fetch = createNodeHttpFetch();
    const error = await fetch(`${url}/drop`, { method: 'POST', body: 'x' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect((error as TypeError).cause).toBeInstanceOf(Error);
    fetch.close();
  });

  it('rejects with the signal reason when aborted, without waiting for the answer', async () => {
    const fetch = createNodeHttpFetch();
    const controller = new AbortController();
    const started = performance.now();
    const pending = fetch(`${url}/slow`, { signal: controller.signal }).catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(new Error('stop now')), 50);
    const error = await pending;
    expect((error as Error).message).toBe('stop now');
    expect(performance.now() - started).toBeLessThan(1_500);
    const already = await fetch(`${url}/echo`, { signal: AbortSignal.abort() }).catch(
      (caught: unknown) => caught,
    );
    expect((already as DOMException).name).toBe('AbortError');
    fetch.close();
  });

  it('refuses protocols other than http and https', async () => {
    const fetch = createNodeHttpFetch();
    await expect(fetch('ftp://127.0.0.1/file')).rejects.toThrow(/unsupported protocol ftp:/);
    fetch.close();
  });
});
