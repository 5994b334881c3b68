import { createHash, timingSafeEqual } from 'node:crypto';
import type { SandboxCredentials } from './sandbox-options.js';

/** Decides whether an `Authorization` header value is acceptable. */
export type Authorizer = (header: string | undefined) => boolean;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Builds the authorizer for the configured credentials: the key pair as
 * `Basic base64(publicKey:secretKey)` and/or the raw API key. Without credentials, any non-empty
 * header is accepted. Comparison is constant-time.
 */
export function createAuthorizer(credentials: SandboxCredentials | undefined): Authorizer {
  const accepted: Buffer[] = [];
  if (credentials?.publicKey && credentials.secretKey) {
    const token = Buffer.from(`${credentials.publicKey}:${credentials.secretKey}`, 'utf8').toString('base64');
    accepted.push(digest(`Basic ${token}`));
  }
  if (credentials?.apiKey) {
    accepted.push(digest(credentials.apiKey));
  }
  return (header) => {
    if (header === undefined || header.length === 0) return false;
    if (accepted.length === 0) return true;
    const candidate = digest(header);
    return accepted.some((expected) => timingSafeEqual(expected, candidate));
  };
}

/** Masks an `Authorization` header value for the request log: keeps only the scheme word, if any. */
export function maskAuthorization(header: string): string {
  const scheme = /^(Basic|Bearer)\s/i.exec(header);
  return scheme ? `${scheme[1]} ***` : '***';
}
