import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAuthorizer, maskAuthorization } from './authorization.js';
import { FaultInjector, type FaultPlan } from './fault-injector.js';
import { errorReply, type HttpReply, sendReply } from './http-reply.js';
import { handleInspection, INSPECTION_PREFIX } from './inspection-routes.js';
import { type BodyReadResult, readBody } from './read-body.js';
import { RequestLog, type RequestToRecord } from './request-log.js';
import { errorCodeForStatus } from './rokt-error.js';
import { ROKT_ROUTES } from './rokt-routes.js';
import type { RoktSandbox } from './rokt-sandbox.js';
import type { SandboxOptions } from './sandbox-options.js';
import { SandboxStore } from './sandbox-store.js';

/** Rokt's documented limit of addresses per list import request. */
export const DEFAULT_MAX_ADDRESSES_PER_REQUEST = 1_000_000;
/** The default largest request body, in bytes (a maximal list import of SHA-256 digests fits). */
export const DEFAULT_MAX_BODY_BYTES = 128 * 1024 * 1024;
const DEFAULT_REQUEST_LOG_SIZE = 1_000;
const RECORDED_BODY_BYTES = 64 * 1024;

type Outcome = { reply: HttpReply; fault?: FaultPlan } | { dropped: true; fault: FaultPlan };

function isJsonContentType(header: string | undefined): boolean {
  const mediaType = header?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function recordedHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers[name] =
      name === 'authorization' || name === 'proxy-authorization' ? maskAuthorization(text) : text;
  }
  return headers;
}

/** The bytes of a body the request log keeps: all of a short body, a copy of the start of a long one. */
function recordedBody(bytes: Buffer): Uint8Array {
  return bytes.length <= RECORDED_BODY_BYTES ? bytes : new Uint8Array(bytes.subarray(0, RECORDED_BODY_BYTES));
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Starts a local HTTP server that stands in for Rokt's audience API and events API (both served
 * from the same base URL) and enforces the project's Rokt wire contract, with fault injection.
 *
 * @example
 * const sandbox = await startSandbox({ credentials: { apiKey: 'test-key' } });
 * // point the Rokt integration's audience and events base URLs at sandbox.url
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RoktSandbox> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxAddressesPerRequest = options.maxAddressesPerRequest ?? DEFAULT_MAX_ADDRESSES_PER_REQUEST;
  const store = new SandboxStore();
  const injector = new FaultInjector(options.faults ?? {});
  const log = new RequestLog(options.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE);
  const authorize = createAuthorizer(options.credentials);
  const allowedAccounts = options.credentials?.accountIds
    ? new Set(options.credentials.accountIds)
    : undefined;
  const isAccountAllowed = (accountId: string) =>
    allowedAccounts === undefined || allowedAccounts.has(accountId);
  const closing = new AbortController();

  async function handleRokt(
    request: IncomingMessage,
    pathname: string,
    body: BodyReadResult,
  ): Promise<Outcome> {
    const route = ROKT_ROUTES.get(pathname);
    if (route === undefined) {
      return { reply: errorReply(404, 'NotFound', `no endpoint ${pathname}`) };
    }
    if (request.method !== 'POST') {
      return {
        reply: errorReply(405, 'MethodNotAllowed', `${pathname} accepts POST only`, { allow: 'POST' }),
      };
    }
    const fault = injector.plan(pathname);
    if (fault !== undefined && fault.delayMs > 0) {
      await sleep(fault.delayMs, undefined, { signal: closing.signal });
    }
    if (fault?.drop) {
      return { dropped: true, fault };
    }
    if (fault?.status !== undefined) {
      const headers = fault.retryAfter === undefined ? undefined : { 'retry-after': fault.retryAfter };
      const code = errorCodeForStatus(fault.status);
      return { reply: errorReply(fault.status, code, `injected fault: ${fault.status}`, headers), fault };
    }
    const answer = (reply: HttpReply): Outcome => (fault === undefined ? { reply } : { reply, fault });
    if (body.kind === 'too-large') {
      return answer(
        errorReply(413, 'RequestEntityTooLarge', `the body is larger than the ${maxBodyBytes} bytes allowed`),
      );
    }
    if (body.kind === 'failed') {
      return answer(errorReply(400, 'RequestBodyReadError', `the body could not be read: ${body.message}`));
    }
    const authorization = request.headers.authorization;
    if (!authorize(authorization)) {
      const message =
        authorization === undefined ? 'the Authorization header is missing' : 'the credentials are not valid';
      return answer(errorReply(401, 'UnauthorizedError', message));
    }
    if (!isJsonContentType(request.headers['content-type'])) {
      return answer(errorReply(400, 'RequestValidationError', 'the Content-Type must be application/json'));
    }
    const headerProblem = route.checkHeaders?.(request.headers);
    if (headerProblem !== undefined) return answer(headerProblem);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body.bytes);
    } catch {
      return answer(errorReply(400, 'RequestBodyReadError', 'the body is not valid UTF-8'));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid JSON';
      return answer(errorReply(400, 'RequestJsonUnmarshalError', `the body is not valid JSON: ${reason}`));
    }
    return answer(
      route.handle({
        body: parsed,
        headers: request.headers,
        fault,
        store,
        isAccountAllowed,
        maxAddressesPerRequest,
        random: () => injector.random(),
      }),
    );
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const receivedAt = new Date().toISOString();
    const target = request.url ?? '/';
    let url: URL;
    try {
      url = new URL(target, 'http://sandbox.invalid');
    } catch {
      url = new URL('http://sandbox.invalid/');
    }
    const body = await readBody(request, maxBodyBytes);
    if (url.pathname.startsWith(INSPECTION_PREFIX)) {
      sendReply(
        response,
        handleInspection(sandbox, url.pathname, {
          method: request.method ?? 'GET',
          query: url.searchParams,
          body,
        }),
      );
      return;
    }
    const id = log.nextId();
    let outcome: Outcome;
    try {
      outcome = await handleRokt(request, url.pathname, body);
    } catch (error) {
      if (closing.signal.aborted) {
        response.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      outcome = { reply: errorReply(500, 'InternalError', `the sandbox failed: ${message}`) };
    }
    if ('dropped' in outcome) {
      request.socket.destroy();
    } else {
      sendReply(response, outcome.reply);
    }
    const status = 'dropped' in outcome ? null : outcome.reply.status;
    const entry: RequestToRecord = {
      id,
      receivedAt,
      method: request.method ?? '',
      path: target,
      headers: recordedHeaders(request),
      body: body.kind === 'read' ? recordedBody(body.bytes) : '',
      bodyBytes: body.kind === 'read' ? body.bytes.length : body.kind === 'too-large' ? body.size : 0,
      bodyTruncated:
        body.kind === 'read' ? body.bytes.length > RECORDED_BODY_BYTES : body.kind === 'too-large',
      status,
      durationMs: Math.round(performance.now() - started),
    };
    if (!('dropped' in outcome) && outcome.reply.errorCode !== undefined) {
      entry.errorCode = outcome.reply.errorCode;
    }
    if (outcome.fault !== undefined) entry.fault = outcome.fault.description;
    log.record(entry);
    if (options.logger !== undefined) {
      const answer = status === null ? 'dropped' : String(status);
      const fault = entry.fault === undefined ? '' : ` [fault: ${entry.fault}]`;
      options.logger(`${entry.method} ${url.pathname} -> ${answer} in ${entry.durationMs} ms${fault}`);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      options.logger?.(`sandbox error: ${message}`);
      if (!response.headersSent && !response.destroyed) {
        sendReply(response, errorReply(500, 'InternalError', 'the sandbox failed'));
      } else {
        response.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const sandbox: RoktSandbox = {
    url: formatUrl(host, port),
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    state: () => ({ accounts: store.snapshot(), requests: log.statistics() }),
    reset: () => {
      store.clear();
      log.clear();
      injector.reset();
    },
    setFaults: (faults) => injector.setFaults(faults),
    faults: () => injector.options,
    script: (faults) => injector.script(faults),
    requests: () => log.list(),
    eventsFor: (accountId) => store.eventsFor(accountId),
    listMembers: (accountId, list) => store.listMembers(accountId, list),
    memberships: (accountId) => store.memberships(accountId),
  };
  return sandbox;
}
