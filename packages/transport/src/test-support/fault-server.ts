import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type FaultAction =
  | {
      /** Answer with this status (default 200). */
      status?: number;
      /** JSON body (a string is sent as is). */
      body?: unknown;
      headers?: Record<string, string>;
      /** Wait this long before answering (a slow partner; long enough to trigger client timeouts). */
      delayMs?: number;
    }
  | {
      /** Destroy the socket without answering (a dropped connection), after `delayMs` if set. */
      drop: true;
      delayMs?: number;
    };

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, or `undefined`. */
  json: unknown;
  /** `Date.now()` when the request had fully arrived. */
  receivedAt: number;
  /** `performance.now()` when the request had fully arrived (for gaps). */
  receivedAtMonotonic: number;
}

/** A real HTTP server on 127.0.0.1 that injects faults and records every request. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** The most requests ever being handled at once. */
  readonly maxInFlight: number;
  /** Queues actions, used one per request in order before the handler is consulted. */
  enqueue(...actions: FaultAction[]): void;
  /** Decides what to do with requests once the queue is empty (default: 200 `{}`). */
  setHandler(handler: (request: RecordedRequest) => FaultAction): void;
  /** Stops the server, cutting any open connection and pending delayed answer. */
  close(): Promise<void>;
}

/** Starts a {@link FaultServer} on a free port. */
export async function startFaultServer(): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const queue: FaultAction[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handler: (request: RecordedRequest) => FaultAction = () => ({ status: 200, body: {} });
  let inFlight = 0;
  let maxInFlight = 0;

  const respond = (action: FaultAction, response: ServerResponse, request: IncomingMessage): void => {
    if ('drop' in action) {
      request.socket.destroy();
      return;
    }
    const body =
      action.body === undefined
        ? ''
        : typeof action.body === 'string'
          ? action.body
          : JSON.stringify(action.body);
    response.writeHead(action.status ?? 200, {
      ...(body === '' ? {} : { 'content-type': 'application/json' }),
      ...action.headers,
    });
    response.end(body);
  };

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      inFlight -= 1;
    };
    response.on('close', finish);
    request.on('error', finish);

    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: { ...request.headers },
        body,
        json,
        receivedAt: Date.now(),
        receivedAtMonotonic: performance.now(),
      };
      requests.push(recorded);
      const action = queue.shift() ?? handler(recorded);
      const delayMs = action.delayMs ?? 0;
      if (delayMs <= 0) return respond(action, response, request);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) respond(action, response, request);
      }, delayMs);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue: (...actions) => {
      queue.push(...actions);
    },
    setHandler: (next) => {
      handler = next;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
