import { ErrorCode, ForwarderError } from '@forwarder/core';
import type { AnyIntegration } from './define-integration.js';

/** Holds integrations by id. */
export interface IntegrationRegistry {
  /** Adds an integration; a second one with the same id is an error. Returns the integration. */
  register<T extends AnyIntegration>(integration: T): T;
  /** The integration with this id; an error naming the known ids when there is none. */
  get(id: string): AnyIntegration;
  /** True when an integration with this id is registered. */
  has(id: string): boolean;
  /** Every registered integration, in registration order. */
  list(): AnyIntegration[];
}

/** Creates an empty registry (tests, or several isolated set-ups in one process). */
export function createRegistry(): IntegrationRegistry {
  const integrations = new Map<string, AnyIntegration>();
  return {
    register(integration) {
      const existing = integrations.get(integration.id);
      if (existing !== undefined) {
        if (existing === integration) return integration;
        throw new ForwarderError(
          ErrorCode.DUPLICATE_INTEGRATION,
          `An integration with id "${integration.id}" is already registered`,
        );
      }
      integrations.set(integration.id, integration);
      return integration;
    },
    get(id) {
      const integration = integrations.get(id);
      if (integration === undefined) {
        const known = [...integrations.keys()];
        throw new ForwarderError(
          ErrorCode.UNKNOWN_INTEGRATION,
          `No integration "${id}" is registered; registered: ${known.length > 0 ? known.join(', ') : 'none'}`,
        );
      }
      return integration;
    },
    has(id) {
      return integrations.has(id);
    },
    list() {
      return [...integrations.values()];
    },
  };
}

/**
 * The process-wide default registry. Plugins register themselves here (`registry.register(rokt)`
 * or a side-effect `register` entry). Registering the very same object twice is harmless.
 */
export const registry: IntegrationRegistry = createRegistry();
