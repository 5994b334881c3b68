import { ConfigurationError } from '@forwarder/core';
import { ApiKeyAuth } from './api-key-auth.js';
import type { AuthStrategy } from './auth-strategy.js';
import { KeyPairAuth } from './key-pair-auth.js';

/** The credential settings of an output configuration. Missing, empty and blank values are the same. */
export interface AuthSettings {
  /** A single API key. */
  apiKey?: string | undefined;
  /** The public half of a key pair. */
  publicKey?: string | undefined;
  /** The secret half of a key pair. */
  secretKey?: string | undefined;
}

const scope = 'authentication settings';

/**
 * Picks the authentication from the settings (values trimmed; empty counts as missing):
 *
 * | settings | result |
 * | --- | --- |
 * | `publicKey` and `secretKey` (with or without `apiKey`) | `KeyPairAuth` |
 * | `apiKey`, with no pair or half a pair | `ApiKeyAuth` |
 * | half a pair, no `apiKey` | `ConfigurationError`, issue on the missing `secretKey` / `publicKey` |
 * | nothing | `ConfigurationError`, issue on `apiKey` |
 *
 * Error messages name settings, never their values.
 */
export function resolveAuth(settings: AuthSettings): AuthStrategy {
  const apiKey = present(settings.apiKey);
  const publicKey = present(settings.publicKey);
  const secretKey = present(settings.secretKey);
  if (publicKey !== undefined && secretKey !== undefined) return new KeyPairAuth(publicKey, secretKey);
  if (apiKey !== undefined) return new ApiKeyAuth(apiKey);
  if (publicKey !== undefined) {
    throw ConfigurationError.fromIssues(scope, [
      { setting: 'secretKey', message: 'secretKey is required with publicKey (or set apiKey instead)' },
    ]);
  }
  if (secretKey !== undefined) {
    throw ConfigurationError.fromIssues(scope, [
      { setting: 'publicKey', message: 'publicKey is required with secretKey (or set apiKey instead)' },
    ]);
  }
  throw ConfigurationError.fromIssues(scope, [
    {
      setting: 'apiKey',
      message: 'an API key (apiKey) or a public/secret key pair (publicKey and secretKey) is required',
    },
  ]);
}

/** The trimmed value, or `undefined` when missing or blank. */
function present(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length === 0 ? undefined : trimmed;
}
