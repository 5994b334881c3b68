/**
 * Helpers for plugin authors: build Firehose messages and run them through a plugin against a
 * base URL of your choice (a local sandbox, a recording server).
 */
import { randomUUID } from 'node:crypto';
import type {
  AudienceMembershipChangeRequest,
  AudienceSubscriptionRequest,
  UserProfile,
} from '@forwarder/core';
import type { AnyIntegration } from './define-integration.js';
import type { DeliveryOptions } from './delivery-options.js';
import { type DeliveryReport, emptyDeliveryReport, mergeDeliveryReports } from './delivery-report.js';
import { createProcessor, type ProcessResult } from './processor.js';

const firehoseVersion = '3.2.0';

/** Builds a `module_registration_request`. */
export function registrationRequest(): {
  type: 'module_registration_request';
  id: string;
  timestamp_ms: number;
  firehose_version: string;
} {
  return {
    type: 'module_registration_request',
    id: randomUUID(),
    timestamp_ms: Date.now(),
    firehose_version: firehoseVersion,
  };
}

/** Builds an `audience_subscription_request`. */
export function subscriptionRequest(input: {
  accountSettings: Record<string, string>;
  audienceId: number;
  audienceName: string;
  subscriptionSettings?: Record<string, string>;
  action?: 'add' | 'update' | 'remove';
  accountId?: number;
}): AudienceSubscriptionRequest {
  return {
    type: 'audience_subscription_request',
    id: randomUUID(),
    timestamp_ms: Date.now(),
    firehose_version: firehoseVersion,
    account: { account_id: input.accountId ?? 1, account_settings: input.accountSettings },
    audience_id: input.audienceId,
    audience_name: input.audienceName,
    audience_subscription_settings: input.subscriptionSettings ?? {},
    action: input.action ?? 'add',
  };
}

/** Builds an `audience_membership_change_request`. */
export function membershipChangeRequest(input: {
  accountSettings: Record<string, string>;
  profiles: UserProfile[];
  id?: string;
  timestampMs?: number;
  accountId?: number;
}): AudienceMembershipChangeRequest {
  return {
    type: 'audience_membership_change_request',
    id: input.id ?? randomUUID(),
    timestamp_ms: input.timestampMs ?? Date.now(),
    firehose_version: firehoseVersion,
    account: { account_id: input.accountId ?? 1, account_settings: input.accountSettings },
    user_profiles: input.profiles,
  };
}

/** A plugin wired to a base URL, ready to take messages. */
export interface TestHarness {
  /** Processes one message (throws as the processor does). */
  process(message: unknown): Promise<ProcessResult>;
  /** Processes messages in order and adds their reports up. */
  processAll(messages: readonly unknown[]): Promise<{ results: ProcessResult[]; report: DeliveryReport }>;
}

/**
 * Runs messages through `integration` with every endpoint name pointed at `baseUrl` (the names are
 * those the plugin reads from `DeliveryOptions.endpoints`; pass them in `endpointNames`).
 */
export function createTestHarness(
  integration: AnyIntegration,
  options: { baseUrl: string; endpointNames?: readonly string[]; delivery?: DeliveryOptions },
): TestHarness {
  const names = options.endpointNames ?? ['audience', 'events', 'default'];
  const endpoints = Object.fromEntries(names.map((name) => [name, options.baseUrl]));
  const processor = createProcessor({
    integration,
    delivery: { retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...options.delivery, endpoints },
  });
  return {
    process: (message) => processor.process(message),
    async processAll(messages) {
      const results: ProcessResult[] = [];
      const report = emptyDeliveryReport();
      for (const message of messages) {
        const result = await processor.process(message);
        results.push(result);
        mergeDeliveryReports(report, result.report);
      }
      return { results, report };
    },
  };
}
