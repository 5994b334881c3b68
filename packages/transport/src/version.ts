/** The version of this package, sent in the default `User-Agent` (`forwarder/<version>`). */
export const TRANSPORT_VERSION = '0.1.0';
