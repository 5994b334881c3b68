import type { DeliveryOptions } from '@forwarder/integration';

/** The endpoint names the Rokt plugin reads from `DeliveryOptions.endpoints`. */
export const roktEndpointNames = ['audience', 'events'] as const;

/** One of {@link roktEndpointNames}. */
export type RoktEndpointName = (typeof roktEndpointNames)[number];

/** Default base URLs of Rokt's two hosts. */
export const ROKT_DEFAULT_ENDPOINTS: Readonly<Record<RoktEndpointName, string>> = Object.freeze({
  audience: 'https://data.rokt.com',
  events: 'https://api.rokt.com',
});

/** Default most addresses per list import request. */
export const DEFAULT_ADDRESSES_PER_REQUEST = 10_000;
/** Most events per `/v2/events` request, Rokt's documented limit (also the default). */
export const MAX_EVENTS_PER_REQUEST = 100;

/** Paths of Rokt's endpoints. */
export const ROKT_PATHS = Object.freeze({
  authCheck: '/v3/auth-check',
  listImport: '/v3/import/suppression',
  events: '/v2/events',
});

/** The `Rokt-Version` header value of event requests. */
export const ROKT_EVENTS_API_VERSION = '2020-05-21';

/** Where and in what sizes the plugin sends, resolved from {@link DeliveryOptions}. */
export interface RoktDeliveryConfig {
  /** Base URL of the audience API. */
  audienceUrl: string;
  /** Base URL of the events API. */
  eventsUrl: string;
  /** Most addresses per list import request. */
  addressesPerRequest: number;
  /** Most events per events request (1 to 100). */
  eventsPerRequest: number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`batch.${name} must be a whole number of at least 1, got ${value}`);
  }
  return value;
}

/**
 * Reads `options.endpoints.audience` / `options.endpoints.events` (defaults: Rokt's hosts) and
 * `options.batch.addressesPerRequest` (default 10,000) / `options.batch.eventsPerRequest`
 * (default 100, capped at 100).
 *
 * @throws RangeError for a batch size that is not a whole number of at least 1.
 */
export function resolveRoktDeliveryConfig(options: DeliveryOptions = {}): RoktDeliveryConfig {
  const endpoints = options.endpoints ?? {};
  return {
    audienceUrl: endpoints.audience || ROKT_DEFAULT_ENDPOINTS.audience,
    eventsUrl: endpoints.events || ROKT_DEFAULT_ENDPOINTS.events,
    addressesPerRequest: positiveInteger(
      'addressesPerRequest',
      options.batch?.addressesPerRequest,
      DEFAULT_ADDRESSES_PER_REQUEST,
    ),
    eventsPerRequest: Math.min(
      positiveInteger('eventsPerRequest', options.batch?.eventsPerRequest, MAX_EVENTS_PER_REQUEST),
      MAX_EVENTS_PER_REQUEST,
    ),
  };
}
