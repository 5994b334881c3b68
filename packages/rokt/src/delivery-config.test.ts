import { describe, expect, it } from 'vitest';
import { ROKT_DEFAULT_ENDPOINTS, resolveRoktDeliveryConfig, roktEndpointNames } from './delivery-config.js';

describe('resolveRoktDeliveryConfig', () => {
  it('defaults to Rokt hosts, 10,000 addresses and 100 events per request', () => {
    expect(roktEndpointNames).toEqual(['audience', 'events']);
    expect(resolveRoktDeliveryConfig()).toEqual({
      audienceUrl: 'https://data.rokt.com',
      eventsUrl: 'https://api.rokt.com',
      addressesPerRequest: 10_000,
      eventsPerRequest: 100,
    });
    expect(ROKT_DEFAULT_ENDPOINTS.audience).toBe('https://data.rokt.com');
  });

  it('reads endpoints and batch sizes from the options, never more than 100 events', () => {
    const config = resolveRoktDeliveryConfig({
      endpoints: { audience: 'http://127.0.0.1:1', events: 'http://127.0.0.1:2' },
      batch: { addressesPerRequest: 3, eventsPerRequest: 500 },
    });
    expect(config).toEqual({
      audienceUrl: 'http://127.0.0.1:1',
      eventsUrl: 'http://127.0.0.1:2',
      addressesPerRequest: 3,
      eventsPerRequest: 100,
    });
    expect(resolveRoktDeliveryConfig({ batch: { eventsPerRequest: 7 } }).eventsPerRequest).toBe(7);
  });

  it('refuses batch sizes below 1 or not whole', () => {
    expect(() => resolveRoktDeliveryConfig({ batch: { addressesPerRequest: 0 } })).toThrow(RangeError);
    expect(() => resolveRoktDeliveryConfig({ batch: { eventsPerRequest: 1.5 } })).toThrow(/eventsPerRequest/);
  });
});
