import type {
  Audience,
  AudienceMembershipChangeRequest,
  AudienceSubscriptionRequest,
  InferSettings,
  Permissions,
  SettingDefinition,
} from '@forwarder/core';
import type { DeliveryOptions } from './delivery-options.js';
import type { DeliveryReport } from './delivery-report.js';

/** The version of the plugin contract this package implements. */
export const integrationContractVersion = 1;

/** Result of checking credentials against the partner. */
export interface CredentialCheckResult {
  ok: boolean;
  /** A message for people; never contains a secret. */
  message: string;
  /** The HTTP status the partner answered, when it answered. */
  status?: number;
}

/** What a membership-change handler receives. */
export interface MembershipChangeContext<
  AccountDefinitions extends readonly SettingDefinition[],
  ConnectionDefinitions extends readonly SettingDefinition[],
> {
  /** The validated message; it has at least one user profile. */
  message: AudienceMembershipChangeRequest;
  /** The output configuration's settings, parsed and validated. */
  account: InferSettings<AccountDefinitions>;
  /** The connection settings of an audience entry of this message, parsed and validated. */
  connectionSettings(audience: Audience): InferSettings<ConnectionDefinitions>;
  options: DeliveryOptions;
}

/** What a subscription handler receives. */
export interface SubscriptionContext<
  AccountDefinitions extends readonly SettingDefinition[],
  ConnectionDefinitions extends readonly SettingDefinition[],
> {
  message: AudienceSubscriptionRequest;
  account: InferSettings<AccountDefinitions>;
  connection: InferSettings<ConnectionDefinitions>;
  options: DeliveryOptions;
}

/** What a credential check receives. */
export interface CredentialCheckContext<AccountDefinitions extends readonly SettingDefinition[]> {
  account: InferSettings<AccountDefinitions>;
  options: DeliveryOptions;
}

/**
 * An integration plugin: a plain, typed object. Settings are declared once in the Firehose Setting
 * format; the processor parses them before any handler runs, so handlers get typed values.
 */
export interface Integration<
  AccountDefinitions extends readonly SettingDefinition[] = readonly SettingDefinition[],
  ConnectionDefinitions extends readonly SettingDefinition[] = readonly SettingDefinition[],
> {
  /** Stable id, e.g. `rokt`. */
  readonly id: string;
  /** Display name, e.g. `Rokt`. */
  readonly name: string;
  /** The plugin's own version. */
  readonly version: string;
  /** A description for the registration response (inline HTML allowed by Firehose). */
  readonly description: string;
  /** The plugin contract version it was written against. */
  readonly contractVersion: number;
  /** Output-configuration (account-level) settings. */
  readonly accountSettings: AccountDefinitions;
  /** Connection (audience-level) settings. */
  readonly connectionSettings: ConnectionDefinitions;
  /** Registration permissions: identities and access it asks for. */
  readonly permissions: Permissions;
  /** Extra account checks beyond the definitions (e.g. "some credentials must be complete"); throws `ConfigurationError`. */
  validateAccount?(account: InferSettings<AccountDefinitions>): void;
  /** Checks credentials against the partner. */
  checkCredentials?(context: CredentialCheckContext<AccountDefinitions>): Promise<CredentialCheckResult>;
  /** Handles a subscription request (`add` usually checks credentials); throws to refuse it. */
  onSubscription?(context: SubscriptionContext<AccountDefinitions, ConnectionDefinitions>): Promise<void>;
  /** Delivers a membership change and reports what happened. */
  onMembershipChange(
    context: MembershipChangeContext<AccountDefinitions, ConnectionDefinitions>,
  ): Promise<DeliveryReport>;
}

/** Any integration, whatever its settings. */
// biome-ignore lint/suspicious/noExplicitAny: settings tuples are erased when plugins of different types sit in one registry.
export type AnyIntegration = Integration<any, any>;

/** The input of {@link defineIntegration}: an integration without `contractVersion`. */
export type IntegrationInput<
  AccountDefinitions extends readonly SettingDefinition[],
  ConnectionDefinitions extends readonly SettingDefinition[],
> = Omit<Integration<AccountDefinitions, ConnectionDefinitions>, 'contractVersion'>;

/**
 * Declares an integration plugin, keeping the literal types of its settings so that handlers see
 * typed values. Checks the id and that no setting id appears in both lists.
 */
export function defineIntegration<
  const AccountDefinitions extends readonly SettingDefinition[],
  const ConnectionDefinitions extends readonly SettingDefinition[],
>(
  input: IntegrationInput<AccountDefinitions, ConnectionDefinitions>,
): Integration<AccountDefinitions, ConnectionDefinitions> {
  if (!/^[a-z][a-z0-9-]*$/.test(input.id)) {
    throw new Error(`Integration id "${input.id}" must be lowercase letters, digits and dashes`);
  }
  const accountIds = new Set(input.accountSettings.map((setting) => setting.id));
  for (const setting of input.connectionSettings) {
    if (accountIds.has(setting.id)) {
      throw new Error(
        `Setting id "${setting.id}" of integration "${input.id}" is both an account and a connection setting`,
      );
    }
  }
  return Object.freeze({ ...input, contractVersion: integrationContractVersion });
}
