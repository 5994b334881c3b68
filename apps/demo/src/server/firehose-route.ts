import { randomUUID } from 'node:crypto';
import type { Processor } from '@forwarder/integration';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/create-logger.js';
import type { GroupCommit } from '../queue/index.js';
import type { Store } from '../store/index.js';
import type { DeliveryEvents } from './delivery-events.js';
import { HttpProblem } from './error-reply.js';
import { firehosePartitionKey } from './firehose-partition-key.js';
import { credentialOf, tokenMatches } from './token-matches.js';

/** What the Firehose route needs. */
export interface FirehoseRouteOptions {
  firehoseToken: string;
  processor: Processor;
  /** Writes queued messages (batched commits that never block the event loop on a lock). */
  commits: GroupCommit;
  store: Store;
  events: DeliveryEvents;
  logger: Logger;
  /** Called after a message was queued (wakes the workers). */
  onEnqueued: () => void;
}

/**
 * `POST /firehose`: mParticle's Firehose protocol over HTTP. Registration requests answer without
 * a token; everything else needs `Authorization: Token <firehoseToken>`. Subscription requests
 * are handled inline (an `add` checks the credentials with the partner). Membership changes are
 * validated, written to the durable queue and answered at once; the workers deliver them.
 */
export function registerFirehoseRoute(app: FastifyInstance, options: FirehoseRouteOptions): void {
  app.post('/firehose', async (request, reply) => {
    const contentType = String(request.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(contentType)) {
      throw new HttpProblem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Firehose messages must be sent as application/json',
      );
    }
    const body = request.body;
    const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
    if (type !== 'module_registration_request') {
      const given = credentialOf(request.headers.authorization, 'Token');
      if (!tokenMatches(given, options.firehoseToken)) {
        throw new HttpProblem(
          401,
          'UNAUTHORIZED',
          'A valid "Authorization: Token <token>" header is required',
        );
      }
    }
    const message = options.processor.validate(body);
    if (message.type !== 'audience_membership_change_request') {
      const result = await options.processor.process(body);
      return reply.send(result.response);
    }
    const respond = (suspend: boolean) => ({
      type: 'audience_membership_change_response',
      id: randomUUID(),
      timestamp_ms: Date.now(),
      firehose_version: message.firehose_version,
      suspend_subscription: suspend,
    });
    const profiles = message.user_profiles?.length ?? 0;
    if (profiles === 0) return reply.send(respond(false));
    const partitionKey = firehosePartitionKey(message.account.account_id, message.account.account_settings);
    const suspended = options.store.suspensions.reasonFor(partitionKey);
    if (suspended !== undefined) {
      options.events.record(options.store, {
        status: 'skipped',
        messageId: message.id,
        profiles,
        skipped: profiles,
        reasons: { suspended: profiles },
      });
      return reply.send(respond(true));
    }
    await options.commits.enqueue([
      { messageId: message.id, message: body as Record<string, unknown>, partitionKey, profiles },
    ]);
    options.logger.debug({ messageId: message.id, profiles }, 'Firehose message queued');
    options.onEnqueued();
    return reply.send(respond(false));
  });
}
