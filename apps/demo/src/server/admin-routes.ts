import { type SettingDefinition, toFirehoseSetting } from '@forwarder/core';
import type { AnyIntegration } from '@forwarder/integration';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ControlPlane,
  type MemberChange,
  type ParsedImport,
  parseAction,
  parseMember,
  parseMembersCsv,
  parseMembersNdjson,
} from '../control-plane/index.js';
import type { DeliveryQueue } from '../queue/index.js';
import type { DeliveryLogEntry, Store } from '../store/index.js';
import type { DeliveryEvents } from './delivery-events.js';
import { HttpProblem } from './error-reply.js';
import { isUtf8ContentType, utf8Body } from './request-body.js';
import { credentialOf, tokenMatches } from './token-matches.js';

/** What the admin API needs. */
export interface AdminRoutesOptions {
  adminToken: string;
  controlPlane: ControlPlane;
  integrations: ReadonlyMap<string, AnyIntegration>;
  store: Store;
  queue: DeliveryQueue;
  events: DeliveryEvents;
  /** The local sandbox's base URL, for `GET /api/sandbox/state` (demo). */
  sandboxUrl?: string;
  /** Called after items were queued (wakes the workers). */
  onEnqueued: () => void;
  /** Milliseconds between `stats` events on the stream (default 1,000). */
  statsIntervalMs?: number;
}

function idOf(request: FastifyRequest): number {
  const raw = (request.params as { id?: string }).id ?? '';
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) {
    throw new HttpProblem(404, 'NOT_FOUND', `No such id: ${JSON.stringify(raw.slice(0, 40))}`);
  }
  return id;
}

function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem(400, 'INVALID_INPUT', 'The body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function integerQuery(request: FastifyRequest, name: string): number | undefined {
  const raw = (request.query as Record<string, string | undefined>)[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value))
    throw new HttpProblem(400, 'INVALID_INPUT', `${name} must be a whole number`);
  return value;
}

/**
 * The admin API under `/api`: integrations, outputs, audiences and members, connections,
 * deliveries, statistics, a live stream (Server-Sent Events) and the sandbox's state. Every route
 * needs `Authorization: Bearer <adminToken>`.
 */
export async function registerAdminRoutes(app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { controlPlane, store, queue } = options;
  const streams = new Set<FastifyReply>();

  await app.register(
    async (api) => {
      api.addContentTypeParser(
        ['text/csv', 'application/x-ndjson', 'application/ndjson', 'text/plain'],
        { parseAs: 'buffer' },
        (request, body, done) => {
          if (!isUtf8ContentType(request.headers['content-type'])) {
            done(new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Text bodies must be UTF-8 (charset=utf-8)'));
            return;
          }
          try {
            done(null, utf8Body(body as Buffer));
          } catch (error) {
            done(error as Error);
          }
        },
      );

      api.addHook('onRequest', async (request) => {
        const given = credentialOf(request.headers.authorization, 'Bearer');
        if (!tokenMatches(given, options.adminToken)) {
          throw new HttpProblem(
            401,
            'UNAUTHORIZED',
            'A valid "Authorization: Bearer <admin token>" header is required',
          );
        }
      });

      api.get('/integrations', async () =>
        [...options.integrations.values()].map((integration) => ({
          id: integration.id,
          name: integration.name,
          accountSettings: (integration.accountSettings as readonly SettingDefinition[]).map(
            toFirehoseSetting,
          ),
          connectionSettings: (integration.connectionSettings as readonly SettingDefinition[]).map(
            toFirehoseSetting,
          ),
        })),
      );

      // Outputs
      api.get('/outputs', async () => controlPlane.listOutputs());
      api.post('/outputs', async (request, reply) => {
        const body = bodyObject(request);
        const saved = await controlPlane.createOutput({
          integrationId: typeof body.integrationId === 'string' ? body.integrationId : undefined,
          settings: body.settings,
        });
        return reply.code(201).send(saved);
      });
      api.get('/outputs/:id', async (request) => controlPlane.getOutput(idOf(request)));
      api.put('/outputs/:id', async (request) => {
        const body = bodyObject(request);
        const saved = await controlPlane.updateOutput(idOf(request), { settings: body.settings });
        options.onEnqueued();
        return saved;
      });
      api.delete('/outputs/:id', async (request, reply) => {
        controlPlane.deleteOutput(idOf(request));
        return reply.code(204).send();
      });
      api.post('/outputs/:id/check', async (request) => {
        const check = await controlPlane.checkOutput(idOf(request));
        options.onEnqueued();
        return check;
      });

      // Audiences and members
      api.get('/audiences', async () => controlPlane.listAudiences());
      api.post('/audiences', async (request, reply) =>
        reply.code(201).send(controlPlane.createAudience(bodyObject(request).name)),
      );
      api.get('/audiences/:id', async (request) => controlPlane.getAudience(idOf(request)));
      api.delete('/audiences/:id', async (request, reply) => {
        controlPlane.deleteAudience(idOf(request));
        return reply.code(204).send();
      });
      api.get('/audiences/:id/members', async (request) =>
        controlPlane.listMembers(
          idOf(request),
          integerQuery(request, 'limit'),
          integerQuery(request, 'offset'),
        ),
      );
      api.post('/audiences/:id/members', async (request) => {
        const id = idOf(request);
        const body = bodyObject(request);
        let action: 'add' | 'remove';
        try {
          action = parseAction(body.action);
        } catch (error) {
          throw new HttpProblem(400, 'INVALID_INPUT', (error as Error).message);
        }
        if (!Array.isArray(body.members))
          throw new HttpProblem(400, 'INVALID_INPUT', 'members must be an array');
        const issues: { path: string; message: string }[] = [];
        const changes: MemberChange[] = [];
        body.members.forEach((raw, index) => {
          try {
            changes.push({ action, member: parseMember(raw) });
          } catch (error) {
            issues.push({ path: `members[${index}]`, message: (error as Error).message });
          }
        });
        if (issues.length > 0) {
          throw new HttpProblem(400, 'INVALID_INPUT', `${issues.length} member(s) cannot be used`, {
            issues: issues.slice(0, 100),
          });
        }
        const result = controlPlane.changeMembers(id, changes);
        options.onEnqueued();
        return result;
      });
      api.post('/audiences/:id/import', async (request) => {
        const id = idOf(request);
        controlPlane.getAudience(id);
        const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
        if (typeof request.body !== 'string') {
          throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send text/csv or application/x-ndjson');
        }
        const csv = contentType.includes('csv');
        let parsed: ParsedImport;
        try {
          parsed = csv ? await parseMembersCsv(request.body) : await parseMembersNdjson(request.body);
        } catch (error) {
          // An unreadable file as a whole (an unterminated quote): bad input, not a server fault.
          const reason = error instanceof Error ? error.message : String(error);
          throw new HttpProblem(
            400,
            csv ? 'INVALID_CSV' : 'INVALID_INPUT',
            `The ${csv ? 'CSV' : 'NDJSON'} cannot be read: ${reason.slice(0, 300)}`,
          );
        }
        let queued = 0;
        for (let start = 0; start < parsed.changes.length; start += 1_000) {
          queued += controlPlane.changeMembers(id, parsed.changes.slice(start, start + 1_000)).queued;
        }
        options.onEnqueued();
        return { accepted: parsed.changes.length, rejected: parsed.rejected.slice(0, 1_000), queued };
      });

      // Connections
      api.get('/connections', async () => controlPlane.listConnections());
      api.post('/connections', async (request, reply) =>
        reply.code(201).send(controlPlane.createConnection(bodyObject(request))),
      );
      api.get('/connections/:id', async (request) => controlPlane.getConnection(idOf(request)));
      api.put('/connections/:id', async (request) => {
        const { connection, queued } = controlPlane.updateConnection(idOf(request), bodyObject(request));
        options.onEnqueued();
        return { ...connection, queued };
      });
      api.delete('/connections/:id', async (request, reply) => {
        controlPlane.deleteConnection(idOf(request));
        return reply.code(204).send();
      });

      // Deliveries and statistics
      api.get('/deliveries', async (request) =>
        store.deliveries.recent({
          audienceId: integerQuery(request, 'audienceId'),
          limit: integerQuery(request, 'limit'),
        }),
      );
      const stats = () => ({ queue: queue.stats(), audiences: store.deliveries.totalsByAudience() });
      api.get('/stats', async () => stats());

      api.get('/stream', (request, reply) => {
        reply.hijack();
        const response = reply.raw;
        response.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const send = (event: string, data: unknown) => {
          if (!response.writableEnded) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        const onDelivery = (entry: DeliveryLogEntry) => send('delivery', entry);
        options.events.on('delivery', onDelivery);
        send('stats', stats());
        const timer = setInterval(() => {
          try {
            send('stats', stats());
          } catch {
            // the database is closing; the stream ends with the server
          }
        }, options.statsIntervalMs ?? 1_000);
        streams.add(reply);
        request.raw.on('close', () => {
          clearInterval(timer);
          options.events.off('delivery', onDelivery);
          streams.delete(reply);
        });
      });

      api.get('/sandbox/state', async () => {
        if (options.sandboxUrl === undefined) {
          throw new HttpProblem(404, 'NOT_FOUND', 'This server was not started with a local sandbox');
        }
        const response = await fetch(new URL('/_sandbox/state', options.sandboxUrl));
        if (!response.ok)
          throw new HttpProblem(502, 'SANDBOX_UNAVAILABLE', `The sandbox answered ${response.status}`);
        return response.json();
      });
    },
    { prefix: '/api' },
  );

  app.addHook('preClose', async () => {
    for (const stream of streams) stream.raw.end();
    streams.clear();
  });
}
