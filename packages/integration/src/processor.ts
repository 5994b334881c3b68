import { randomUUID } from 'node:crypto';
import {
  type Audience,
  type AudienceMembershipChangeRequest,
  type AudienceMembershipChangeResponse,
  type AudienceSubscriptionRequest,
  type AudienceSubscriptionResponse,
  ConfigurationError,
  type FirehoseRequest,
  type FirehoseResponse,
  type ModuleRegistrationRequest,
  type ModuleRegistrationResponse,
  parseFirehoseRequest,
  parseSettings,
  type SettingDefinition,
  type SettingIssue,
  safeParseSettings,
  serializeSettings,
  toFirehoseSetting,
} from '@forwarder/core';
import type { AnyIntegration } from './define-integration.js';
import type { DeliveryOptions } from './delivery-options.js';
import { type DeliveryReport, emptyDeliveryReport } from './delivery-report.js';
import { registry as defaultRegistry, type IntegrationRegistry } from './registry.js';

/** Options of {@link createProcessor}. */
export interface ProcessorOptions {
  /** The integration, or its id in `registry`. */
  integration: AnyIntegration | string;
  /** Where to look an id up (default: the process-wide registry). */
  registry?: IntegrationRegistry;
  /** Delivery options handed to the plugin. */
  delivery?: DeliveryOptions;
  /** The Firehose SDK version stated in registration responses. */
  sdkVersion?: string;
}

/** What processing one message produced. */
export interface ProcessResult {
  /** The validated request. */
  request: FirehoseRequest;
  /** The Firehose response to send back. */
  response: FirehoseResponse;
  /** What was delivered (empty for registration and subscription messages). */
  report: DeliveryReport;
}

/** Routes Firehose messages to one integration plugin. */
export interface Processor {
  readonly integration: AnyIntegration;
  /**
   * Validates a raw (JSON-parsed) message, runs the plugin and returns the Firehose response with
   * a delivery report. Throws `ValidationError` for a malformed or unknown message and
   * `ConfigurationError` for settings that cannot work; nothing is sent in either case.
   */
  process(raw: unknown, options?: { signal?: AbortSignal }): Promise<ProcessResult>;
  /** Parses and checks a message's settings without delivering anything. */
  validate(raw: unknown): FirehoseRequest;
}

function envelope<T extends string>(type: T, request: FirehoseRequest) {
  return { type, id: randomUUID(), timestamp_ms: Date.now(), firehose_version: request.firehose_version };
}

/** Creates a processor for one integration. */
export function createProcessor(options: ProcessorOptions): Processor {
  const integration =
    typeof options.integration === 'string'
      ? (options.registry ?? defaultRegistry).get(options.integration)
      : options.integration;
  const delivery = options.delivery ?? {};
  const connectionDefinitions: readonly SettingDefinition[] = integration.connectionSettings;
  const connectionSettingIds = connectionDefinitions.map((definition) => definition.id);
  const sameValues = (
    raw: Readonly<Record<string, string>> | undefined,
    values: Array<string | undefined>,
  ) => {
    for (let index = 0; index < connectionSettingIds.length; index++) {
      if (raw?.[connectionSettingIds[index]!] !== values[index]) return false;
    }
    return true;
  };

  function parseAccount(settings: Readonly<Record<string, string>> | undefined) {
    const account = parseSettings(integration.accountSettings, settings, { scope: 'account settings' });
    integration.validateAccount?.(account);
    return account;
  }

  function parseConnectionsOf(message: AudienceMembershipChangeRequest) {
    const parsed = new Map<Audience, Record<string, unknown>>();
    // Every audience entry of every profile carries its own copy of the same few settings: parse
    // each distinct combination once (keyed by the values of the declared settings only).
    const byValues = new Map<string, ReturnType<typeof safeParseSettings>>();
    const issues: SettingIssue[] = [];
    // Entries mostly repeat the entry before them: compare with its values before building a key.
    let previousValues: Array<string | undefined> | undefined;
    let previous: ReturnType<typeof safeParseSettings> | undefined;
    message.user_profiles?.forEach((profile, profileIndex) => {
      profile.audiences?.forEach((audience, audienceIndex) => {
        const raw = audience.audience_subscription_settings;
        let result = previousValues !== undefined && sameValues(raw, previousValues) ? previous : undefined;
        if (result === undefined) {
          const values = connectionSettingIds.map((id) => raw?.[id]);
          const key = JSON.stringify(values.map((value) => value ?? null));
          result = byValues.get(key);
          if (result === undefined) {
            result = safeParseSettings(integration.connectionSettings, raw);
            byValues.set(key, result);
          }
          previousValues = values;
          previous = result;
        }
        if (result.success) parsed.set(audience, result.data as Record<string, unknown>);
        else {
          const where = `user_profiles[${profileIndex}].audiences[${audienceIndex}] (audience ${audience.audience_id})`;
          for (const issue of result.issues) issues.push({ ...issue, message: `${where}: ${issue.message}` });
        }
      });
    });
    if (issues.length > 0) throw ConfigurationError.fromIssues('connection settings', issues);
    return parsed;
  }

  function registration(request: ModuleRegistrationRequest): ModuleRegistrationResponse {
    return {
      ...envelope('module_registration_response', request),
      sdk_version: options.sdkVersion ?? request.firehose_version,
      name: integration.name,
      description: integration.description,
      version: integration.version,
      permissions: integration.permissions,
      audience_processing_registration: {
        account_settings: integration.accountSettings.map(toFirehoseSetting),
        audience_subscription_settings: integration.connectionSettings.map(toFirehoseSetting),
      },
    };
  }

  async function subscription(
    request: AudienceSubscriptionRequest,
    signal: AbortSignal | undefined,
  ): Promise<AudienceSubscriptionResponse> {
    const account = parseAccount(request.account.account_settings);
    const connection = parseSettings(integration.connectionSettings, request.audience_subscription_settings, {
      scope: 'connection settings',
    });
    await integration.onSubscription?.({
      message: request,
      account,
      connection,
      options: { ...delivery, signal: signal ?? delivery.signal },
    });
    return {
      ...envelope('audience_subscription_response', request),
      audience_subscription_settings:
        request.action === 'remove'
          ? {}
          : serializeSettings(integration.connectionSettings, connection as Record<string, unknown>),
    };
  }

  function validate(raw: unknown): FirehoseRequest {
    const request = parseFirehoseRequest(raw);
    if (request.type === 'audience_subscription_request') {
      parseAccount(request.account.account_settings);
      parseSettings(integration.connectionSettings, request.audience_subscription_settings, {
        scope: 'connection settings',
      });
    } else if (
      request.type === 'audience_membership_change_request' &&
      (request.user_profiles?.length ?? 0) > 0
    ) {
      parseAccount(request.account.account_settings);
      parseConnectionsOf(request);
    }
    return request;
  }

  async function membershipChange(
    request: AudienceMembershipChangeRequest,
    signal: AbortSignal | undefined,
  ): Promise<{ response: AudienceMembershipChangeResponse; report: DeliveryReport }> {
    const respond = (suspend: boolean): AudienceMembershipChangeResponse => ({
      ...envelope('audience_membership_change_response', request),
      suspend_subscription: suspend,
    });
    if ((request.user_profiles?.length ?? 0) === 0)
      return { response: respond(false), report: emptyDeliveryReport() };
    const account = parseAccount(request.account.account_settings);
    const connections = parseConnectionsOf(request);
    const report = await integration.onMembershipChange({
      message: request,
      account,
      connectionSettings(audience) {
        const parsed = connections.get(audience);
        if (parsed !== undefined) return parsed;
        return parseSettings(integration.connectionSettings, audience.audience_subscription_settings, {
          scope: 'connection settings',
        });
      },
      options: { ...delivery, signal: signal ?? delivery.signal },
    });
    return { response: respond(report.suspend), report };
  }

  return {
    integration,
    validate,
    async process(raw, callOptions = {}) {
      const request = parseFirehoseRequest(raw);
      switch (request.type) {
        case 'module_registration_request':
          return { request, response: registration(request), report: emptyDeliveryReport() };
        case 'audience_subscription_request':
          return {
            request,
            response: await subscription(request, callOptions.signal),
            report: emptyDeliveryReport(),
          };
        case 'audience_membership_change_request':
          return { request, ...(await membershipChange(request, callOptions.signal)) };
      }
    },
  };
}
