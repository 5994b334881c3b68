import { type AuthStrategy, resolveAuth } from '@forwarder/auth';
import { AuthenticationError, HttpError } from '@forwarder/core';
import {
  type CredentialCheckResult,
  type DeliveryOptions,
  DeliveryReportBuilder,
  defineIntegration,
  silentLogger,
} from '@forwarder/integration';
import { DEFAULT_CONCURRENCY } from '@forwarder/transport';
import { type RoktAccountSettings, roktAccountSettings } from './account-settings.js';
import { buildRoktPayloads } from './build-payloads.js';
import { credentialFingerprint, RoktClientCache } from './client-cache.js';
import { roktConnectionSettings } from './connection-settings.js';
import { deliverRoktPayloads, describeRequestFailure } from './deliver-payloads.js';
import { ROKT_PATHS, resolveRoktDeliveryConfig } from './delivery-config.js';
import { ROKT_PLUGIN_VERSION } from './version.js';

/** Options of {@link createRoktIntegration}. */
export interface RoktIntegrationOptions {
  /** Most HTTP clients (one per host and credentials) kept at once. Default 64. */
  maxCachedClients?: number;
}

/** The outcome of a credential check, with the error when Rokt could not give a verdict. */
interface CredentialCheckOutcome extends CredentialCheckResult {
  /** A failure that is not a verdict on the credentials (network, 5xx, 400). */
  error?: unknown;
}

/**
 * Creates a Rokt integration plugin with its own state: cached HTTP clients per host and
 * credentials, and the credentials Rokt has rejected (401/403), which stay suspended for the
 * plugin's lifetime, so that later messages for that account send nothing until the credentials
 * change.
 */
export function createRoktIntegration(options: RoktIntegrationOptions = {}) {
  const clients = new RoktClientCache(options.maxCachedClients);
  const suspended = new Set<string>();

  const suspensionKey = (account: RoktAccountSettings, fingerprint: string) =>
    `${account.accountId}\n${fingerprint}`;

  async function checkCredentialsOf(
    account: RoktAccountSettings,
    delivery: DeliveryOptions,
  ): Promise<CredentialCheckOutcome> {
    const auth: AuthStrategy = resolveAuth(account);
    const fingerprint = credentialFingerprint(auth);
    const { audienceUrl } = resolveRoktDeliveryConfig(delivery);
    const client = clients.get(audienceUrl, auth, fingerprint, delivery);
    try {
      const response = await client.post(
        ROKT_PATHS.authCheck,
        { accountId: account.accountId },
        delivery.signal === undefined ? {} : { signal: delivery.signal },
      );
      suspended.delete(suspensionKey(account, fingerprint));
      return {
        ok: true,
        status: response.status,
        message: `Rokt accepted the ${auth.describe()} for account ${account.accountId}`,
      };
    } catch (error) {
      const failure = describeRequestFailure(error);
      if (HttpError.isHttpError(error) && error.isAuthenticationFailure) {
        return {
          ok: false,
          status: error.status,
          message: `Rokt rejected the ${auth.describe()} for account ${account.accountId} (HTTP ${error.status}${failure.partnerCode ? ` ${failure.partnerCode}` : ''})`,
        };
      }
      return {
        ok: false,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        message: `The credentials could not be checked: ${failure.message}`,
        error,
      };
    }
  }

  return defineIntegration({
    id: 'rokt',
    name: 'Rokt',
    version: ROKT_PLUGIN_VERSION,
    description:
      'Rokt is an ecommerce marketing technology that gives customers a more personalized and relevant experience while buying online. Forwards audience membership to Rokt <a href="https://docs.rokt.com">custom audiences</a> and profile events.',
    accountSettings: roktAccountSettings,
    connectionSettings: roktConnectionSettings,
    permissions: {
      user_identities: [
        { type: 'email', encoding: 'raw', required: false },
        { type: 'mobile_number', encoding: 'raw', required: false },
      ],
      allow_access_mpid: true,
      allow_audience_user_attributes: true,
    },

    validateAccount(account) {
      resolveAuth(account);
    },

    async checkCredentials({ account, options: delivery }) {
      const { error: _, ...result } = await checkCredentialsOf(account, delivery);
      return result;
    },

    async onSubscription({ message, account, options: delivery }) {
      if (message.action !== 'add') return;
      const result = await checkCredentialsOf(account, delivery);
      if (result.ok) return;
      if (result.error !== undefined) throw result.error;
      throw new AuthenticationError(
        result.message,
        result.status === undefined ? {} : { status: result.status },
      );
    },

    async onMembershipChange({ message, account, connectionSettings, options: delivery }) {
      const report = new DeliveryReportBuilder();
      const config = resolveRoktDeliveryConfig(delivery);
      const auth = resolveAuth(account);
      const fingerprint = credentialFingerprint(auth);
      const key = suspensionKey(account, fingerprint);
      const logger = delivery.logger ?? silentLogger;

      const payloads = buildRoktPayloads(message, account, connectionSettings);
      report.profiles(payloads.profiles);
      for (const skipped of payloads.skipped) report.skip(skipped.reason, skipped.count, skipped.audienceId);
      if (suspended.has(key)) report.suspend();

      await deliverRoktPayloads(payloads, {
        audienceClient: clients.get(config.audienceUrl, auth, fingerprint, delivery),
        eventsClient: clients.get(config.eventsUrl, auth, fingerprint, delivery),
        config,
        report,
        concurrency: delivery.concurrency ?? DEFAULT_CONCURRENCY,
        isSuspended: () => suspended.has(key),
        suspend: () => {
          suspended.add(key);
        },
        signal: delivery.signal,
        logger,
      });
      const built = report.build();
      logger.debug(
        {
          messageId: message.id,
          profiles: built.profiles,
          requests: built.requests,
          delivered: built.delivered,
          skipped: built.skipped,
          failed: built.failed,
          suspend: built.suspend,
        },
        'Rokt membership change delivered',
      );
      return built;
    },
  });
}

/** The Rokt integration plugin, type of {@link createRoktIntegration}'s result. */
export type RoktIntegration = ReturnType<typeof createRoktIntegration>;

/** The default Rokt plugin instance (what `@forwarder/rokt/register` registers). */
export const rokt: RoktIntegration = createRoktIntegration();
