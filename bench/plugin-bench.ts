import { parseFirehoseRequest, parseSettings } from '@forwarder/core';
import { buildRoktPayloads, roktAccountSettings, roktConnectionSettings } from '@forwarder/rokt';
import { hashingFloorProfilesPerSecond } from './support/hash-floor.js';
import { membershipChangeLine } from './support/profiles.js';

/** Result of the plugin hot-path benchmark. */
export interface PluginResult {
  profiles: number;
  seconds: number;
  profilesPerSecond: number;
  floorProfilesPerSecond: number;
  ratio: number;
  /** Peak RSS of this process over the run. */
  peakRssMb: number;
  /** Peak RSS after the first tenth of the profiles: flat memory means the two stay close. */
  peakRssMbAtTenth: number;
}

/**
 * The Rokt plugin's hot path without HTTP: for `profiles` profiles (1,000 a message), parse the
 * message text, validate it, parse its settings, normalise, hash and build the Rokt payloads,
 * and serialise the request bodies: everything the plugin does before the network.
 */
export function runPluginBench(profiles = 1_000_000): PluginResult {
  const perMessage = 1_000;
  let peakRss = 0;
  let peakRssAtTenth = 0;
  let bytes = 0;
  let milliseconds = 0;
  for (let start = 0, message = 0; start < profiles; start += perMessage, message++) {
    // Making the input text is the benchmark's own work: it is not timed.
    const line = membershipChangeLine(
      start,
      Math.min(perMessage, profiles - start),
      message,
      'bench-api-key',
    );
    const started = performance.now();
    const request = parseFirehoseRequest(JSON.parse(line));
    if (request.type !== 'audience_membership_change_request') throw new Error('unexpected message type');
    const account = parseSettings(roktAccountSettings, request.account.account_settings);
    const connections = new Map<string, ReturnType<typeof parseSettings<typeof roktConnectionSettings>>>();
    const payloads = buildRoktPayloads(request, account, (audience) => {
      const key = JSON.stringify(audience.audience_subscription_settings ?? {});
      let connection = connections.get(key);
      if (connection === undefined) {
        connection = parseSettings(roktConnectionSettings, audience.audience_subscription_settings);
        connections.set(key, connection);
      }
      return connection;
    });
    for (const group of payloads.listImports) {
      bytes += JSON.stringify({
        accountId: payloads.accountId,
        list: group.list,
        action: group.action,
        [group.field]: group.identifiers,
      }).length;
    }
    for (let index = 0; index < payloads.events.length; index += 100) {
      bytes += JSON.stringify({
        accountId: payloads.accountId,
        events: payloads.events.slice(index, index + 100),
      }).length;
    }
    milliseconds += performance.now() - started;
    if (message % 20 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (start < profiles / 10) peakRssAtTenth = peakRss;
    }
  }
  const seconds = milliseconds / 1000;
  if (bytes === 0) throw new Error('nothing was built');
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const floorProfilesPerSecond = hashingFloorProfilesPerSecond(Math.min(profiles, 200_000));
  const profilesPerSecond = profiles / seconds;
  return {
    profiles,
    seconds,
    profilesPerSecond,
    floorProfilesPerSecond,
    ratio: profilesPerSecond / floorProfilesPerSecond,
    peakRssMb: peakRss / 2 ** 20,
    peakRssMbAtTenth: peakRssAtTenth / 2 ** 20,
  };
}
