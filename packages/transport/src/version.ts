import { version } from '../package.json';

/** The version of this package (read from its package.json), sent in the default `User-Agent` (`forwarder/<version>`). */
export const TRANSPORT_VERSION: string = version;
