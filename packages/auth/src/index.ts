export { ApiKeyAuth } from './api-key-auth.js';
export type { AuthKind, AuthStrategy } from './auth-strategy.js';
export type { CredentialSetting } from './credential.js';
export { KeyPairAuth } from './key-pair-auth.js';
export { MASKED_SECRET, maskSecret, shortenPublicKey } from './mask-secret.js';
export { type AuthSettings, resolveAuth } from './resolve-auth.js';
