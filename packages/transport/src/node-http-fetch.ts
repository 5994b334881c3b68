import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * The name of the ky option that carries a request body past ky straight to
 * {@link createNodeHttpFetch}'s fetch. ky hands options it does not know to its `fetch` as the
 * second argument, so a body passed this way never becomes a web stream (nor a tee of one when ky
 * clones the request).
 */
export const directBodyOption = 'forwarderBody';

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** Most sockets open to one host at once (default 8). */
  maxSockets?: number;
  /** How long an idle kept-alive socket stays open, in milliseconds (default 4,000). */
  idleSocketMs?: number;
}

/** A `fetch` built on `node:http`, with {@link NodeHttpFetch.close} to end its sockets. */
export interface NodeHttpFetch {
  (input: Request | string | URL, init?: RequestInit & { [directBodyOption]?: string }): Promise<Response>;
  /** Ends every socket of the fetch's connection pools. */
  close(): void;
}

const bodylessStatuses = new Set([101, 103, 204, 205, 304]);
const responseTexts = new WeakMap<Response, string>();

/**
 * The body of a response made by {@link createNodeHttpFetch}, already decoded as UTF-8, or
 * `undefined` for any other response (read it with `response.text()` then).
 */
export function readDirectText(response: Response): string | undefined {
  return responseTexts.get(response);
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  const coding = encoding?.trim().toLowerCase() ?? '';
  switch (coding) {
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      // Several codings, or one we do not know: never hand over bytes we could not decode.
      throw new Error(`unsupported content-encoding "${coding.slice(0, 40)}"`);
  }
}

function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * A `fetch` for ky's `fetch` option, on `node:http`/`node:https` with kept-alive connections. Per
 * request it costs a fraction of undici's `fetch` (no web streams for bodies); behaviour follows
 * `fetch` where callers can tell: network failures reject with `TypeError('fetch failed')` whose
 * `cause` is the socket error, an aborted signal rejects with its reason, `gzip`/`deflate`/`br`
 * bodies are decoded (any other coding fails the request). Redirects are not followed (the 3xx
 * response is returned), which suits API calls that never redirect. When `input` is a `Request`
 * (as ky passes it), everything is taken from it; `init` only carries the body handed over
 * beside it ({@link directBodyOption}).
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): NodeHttpFetch {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 8,
    timeout: options.idleSocketMs ?? 4_000,
    scheduling: 'lifo' as const,
  };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  const send = (request: Request, body: string | Buffer | undefined): Promise<Response> => {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      return Promise.reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    }
    const signal = request.signal;
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        reject(error);
      };
      const onAbort = () => {
        fail(abortReason(signal));
        outgoing.destroy();
      };
      const outgoing = (secure ? httpsRequest : httpRequest)(
        url,
        { method: request.method, headers, agent: secure ? httpsAgent : httpAgent },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
          incoming.on('aborted', () =>
            fail(new TypeError('fetch failed', { cause: new Error('the response was cut short') })),
          );
          incoming.on('end', () => {
            if (settled) return;
            try {
              const status = incoming.statusCode ?? 0;
              const text = decode(Buffer.concat(chunks), incoming.headers['content-encoding']).toString(
                'utf8',
              );
              const responseHeaders = toHeaders(incoming);
              responseHeaders.delete('content-encoding');
              const response = new Response(bodylessStatuses.has(status) ? null : text, {
                status,
                statusText: incoming.statusMessage ?? '',
                headers: responseHeaders,
              });
              responseTexts.set(response, bodylessStatuses.has(status) ? '' : text);
              settled = true;
              signal.removeEventListener('abort', onAbort);
              resolve(response);
            } catch (error) {
              fail(new TypeError('fetch failed', { cause: error }));
            }
          });
        },
      );
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
      outgoing.end(body);
    });
  };

  const fetch = (async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const direct = init?.[directBodyOption];
    if (direct !== undefined) return send(request, direct);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    return send(request, body);
  }) as NodeHttpFetch;
  fetch.close = () => {
    httpAgent.destroy();
    httpsAgent.destroy();
  };
  return fetch;
}
