export {
  type AnyIntegration,
  type CredentialCheckContext,
  type CredentialCheckResult,
  defineIntegration,
  type Integration,
  type IntegrationInput,
  integrationContractVersion,
  type MembershipChangeContext,
  type SubscriptionContext,
} from './define-integration.js';
export {
  type DeliveryOptions,
  type DeliveryRetryOptions,
  type IntegrationLogger,
  silentLogger,
} from './delivery-options.js';
export {
  type AudienceTally,
  type DeliveryFailure,
  type DeliveryReport,
  DeliveryReportBuilder,
  emptyDeliveryReport,
  mergeDeliveryReports,
} from './delivery-report.js';
export { createProcessor, type Processor, type ProcessorOptions, type ProcessResult } from './processor.js';
export { createRegistry, type IntegrationRegistry, registry } from './registry.js';
