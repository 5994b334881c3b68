import type { FaultOptions, ScriptedFault } from './fault-options.js';
import { errorReply, type HttpReply, okReply } from './http-reply.js';
import type { BodyReadResult } from './read-body.js';
import type { RoktSandbox } from './rokt-sandbox.js';

/** The path prefix of the sandbox's own inspection API. */
export const INSPECTION_PREFIX = '/_sandbox/';

interface InspectionRequest {
  method: string;
  query: URLSearchParams;
  body: BodyReadResult;
}

type InspectionRoute = {
  method: 'GET' | 'POST';
  handle: (sandbox: RoktSandbox, request: InspectionRequest) => HttpReply;
};

function parseJson(body: BodyReadResult): { ok: true; value: unknown } | { ok: false; reply: HttpReply } {
  if (body.kind === 'too-large') {
    return { ok: false, reply: errorReply(413, 'RequestEntityTooLarge', 'the body is too large') };
  }
  if (body.kind === 'failed') {
    return { ok: false, reply: errorReply(400, 'RequestBodyReadError', body.message) };
  }
  try {
    return { ok: true, value: JSON.parse(body.bytes.toString('utf8')) };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'the body is not JSON';
    return { ok: false, reply: errorReply(400, 'RequestJsonUnmarshalError', message) };
  }
}

function withJson(request: InspectionRequest, use: (value: unknown) => HttpReply): HttpReply {
  const parsed = parseJson(request.body);
  if (!parsed.ok) return parsed.reply;
  try {
    return use(parsed.value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return errorReply(400, 'RequestValidationError', message);
  }
}

function requireQuery(request: InspectionRequest, names: string[], use: (values: string[]) => HttpReply) {
  const values = names.map((name) => request.query.get(name) ?? '');
  const missing = names.filter((_, index) => values[index] === '');
  if (missing.length > 0) {
    return errorReply(400, 'RequestValidationError', `query parameter ${missing.join(', ')} is required`);
  }
  return use(values);
}

const ROUTES: ReadonlyMap<string, InspectionRoute> = new Map<string, InspectionRoute>([
  ['state', { method: 'GET', handle: (sandbox) => okReply(sandbox.state()) }],
  [
    'reset',
    {
      method: 'POST',
      handle: (sandbox) => {
        sandbox.reset();
        return okReply({ reset: true });
      },
    },
  ],
  [
    'faults',
    {
      method: 'POST',
      handle: (sandbox, request) =>
        withJson(request, (value) => {
          sandbox.setFaults(value as FaultOptions);
          return okReply(sandbox.faults());
        }),
    },
  ],
  [
    'script',
    {
      method: 'POST',
      handle: (sandbox, request) =>
        withJson(request, (value) => {
          sandbox.script(value as ScriptedFault[]);
          return okReply({ scripted: Array.isArray(value) ? value.length : 0 });
        }),
    },
  ],
  ['requests', { method: 'GET', handle: (sandbox) => okReply(sandbox.requests()) }],
  [
    'events',
    {
      method: 'GET',
      handle: (sandbox, request) =>
        requireQuery(request, ['accountId'], ([accountId = '']) => okReply(sandbox.eventsFor(accountId))),
    },
  ],
  [
    'memberships',
    {
      method: 'GET',
      handle: (sandbox, request) =>
        requireQuery(request, ['accountId'], ([accountId = '']) => okReply(sandbox.memberships(accountId))),
    },
  ],
  [
    'lists',
    {
      method: 'GET',
      handle: (sandbox, request) =>
        requireQuery(request, ['accountId', 'list'], ([accountId = '', list = '']) =>
          okReply(sandbox.listMembers(accountId, list)),
        ),
    },
  ],
]);

/** Answers a request to the inspection API (`/_sandbox/<name>`); these requests are not recorded. */
export function handleInspection(
  sandbox: RoktSandbox,
  pathname: string,
  request: InspectionRequest,
): HttpReply {
  const route = ROUTES.get(pathname.slice(INSPECTION_PREFIX.length));
  if (route === undefined) {
    return errorReply(404, 'NotFound', `no sandbox endpoint ${pathname}`);
  }
  if (request.method !== route.method) {
    return errorReply(405, 'MethodNotAllowed', `${pathname} accepts ${route.method} only`, {
      allow: route.method,
    });
  }
  return route.handle(sandbox, request);
}
