/** The version of `@forwarder/rokt`, stated in registration responses and the `User-Agent`. */
export const ROKT_PLUGIN_VERSION = '0.1.0';

/** The `User-Agent` of every request to Rokt: `forwarder-rokt/<version>`. */
export const ROKT_USER_AGENT = `forwarder-rokt/${ROKT_PLUGIN_VERSION}`;
