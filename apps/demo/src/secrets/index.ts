export { ConfidentialSettings } from './confidential-settings.js';
export { createKeyFile, type KeyFileContents, keyFilePathFor, readKeyFile } from './key-file.js';
export { queuedMessageOwner, withAccountSettings } from './queued-message-settings.js';
export {
  type ResolvedSecretKey,
  type ResolveSecretKeyOptions,
  resolveSecretKey,
} from './resolve-secret-key.js';
export { SealedDeliveryQueue } from './sealed-delivery-queue.js';
export { type OpenFailure, type OpenResult, SecretCipher, sealedPrefix } from './secret-cipher.js';
export { SecretDecryptionError } from './secret-decryption-error.js';
export { SecretKey, secretKeyBytes, secretKeyVariable } from './secret-key.js';
export { SecretKeyError, type SecretKeyProblem } from './secret-key-error.js';
