import { hash } from 'node:crypto';

/**
 * The UUID namespace of Rokt event ids made by this plugin (a fixed, random v4 UUID). Changing it
 * would change every `clientEventId`, so that Rokt could count a re-sent change twice: never do.
 */
export const ROKT_EVENT_ID_NAMESPACE = '8f4a6c1e-3b57-4d2a-9e61-2c0b7f5d9a13';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`Not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function versionFive(digest: Buffer): string {
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return formatUuid(digest);
}

/**
 * A name-based (version 5, SHA-1) UUID as in RFC 9562: the same namespace and name always give
 * the same UUID.
 *
 * @example uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8') // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuidV5(name: string, namespace: string): string {
  const data = Buffer.concat([uuidBytes(namespace), Buffer.from(name, 'utf8')]);
  return versionFive(hash('sha1', data, 'buffer'));
}

/**
 * Makes the `clientEventId`s of one message: a UUID v5 in {@link ROKT_EVENT_ID_NAMESPACE} of
 * `<message id>\n<mpid>\n<audience id>\n<action>`, so that the same membership change gets the same
 * id on every retry and every re-run. The namespace and message id are written once into a
 * scratch buffer; each id then costs one SHA-1 of a few dozen bytes.
 */
export function createClientEventIdFactory(
  messageId: string,
): (mpid: string, audienceId: number, action: string) => string {
  const namespace = uuidBytes(ROKT_EVENT_ID_NAMESPACE);
  const prefixLength = 16 + Buffer.byteLength(messageId, 'utf8') + 1;
  let scratch = Buffer.allocUnsafe(Math.max(256, prefixLength + 128));
  const writePrefix = (into: Buffer): void => {
    namespace.copy(into, 0);
    const written = into.write(messageId, 16, 'utf8');
    into[16 + written] = 0x0a;
  };
  writePrefix(scratch);
  return (mpid, audienceId, action) => {
    const rest = `${mpid}\n${audienceId}\n${action}`;
    const needed = prefixLength + Buffer.byteLength(rest, 'utf8');
    if (needed > scratch.length) {
      scratch = Buffer.allocUnsafe(needed * 2);
      writePrefix(scratch);
    }
    const end = prefixLength + scratch.write(rest, prefixLength, 'utf8');
    return versionFive(hash('sha1', scratch.subarray(0, end), 'buffer'));
  };
}

/** The `clientEventId` of one membership change (see {@link createClientEventIdFactory}). */
export function clientEventIdFor(
  messageId: string,
  mpid: string,
  audienceId: number,
  action: string,
): string {
  return uuidV5(`${messageId}\n${mpid}\n${audienceId}\n${action}`, ROKT_EVENT_ID_NAMESPACE);
}
