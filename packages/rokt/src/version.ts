import { version } from '../package.json';

/** The version of `@forwarder/rokt` (read from its package.json), stated in registration responses and the `User-Agent`. */
export const ROKT_PLUGIN_VERSION: string = version;

/** The `User-Agent` of every request to Rokt: `forwarder-rokt/<version>`. */
export const ROKT_USER_AGENT = `forwarder-rokt/${ROKT_PLUGIN_VERSION}`;
