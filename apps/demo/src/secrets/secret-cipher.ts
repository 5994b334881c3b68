import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKey } from './secret-key.js';

/** The prefix of a value encrypted by {@link SecretCipher} (format version 1). */
export const sealedPrefix = 'enc:v1:';

const algorithm = 'aes-256-gcm';
const ivBytes = 12;
const tagBytes = 16;

/** Why {@link SecretCipher.open} refused a value. */
export type OpenFailure = 'not-sealed' | 'malformed' | 'authentication';

/** The result of {@link SecretCipher.open}: the plaintext, or why there is none. */
export type OpenResult = { ok: true; value: string } | { ok: false; failure: OpenFailure };

/**
 * AES-256-GCM for short secrets (API keys). Each value gets a random 12-byte IV; the stored form
 * is self-describing and versioned: `enc:v1:` + base64(IV ‖ 16-byte tag ‖ ciphertext). A context
 * string (e.g. `output:3:apiKey`) is bound as additional authenticated data, so a value copied to
 * another row or setting no longer opens.
 */
export class SecretCipher {
  readonly #key: Buffer;

  constructor(key: SecretKey) {
    this.#key = key.material();
  }

  /** Whether `value` has the encrypted form's prefix (it may still fail to open). */
  static isSealed(value: string): boolean {
    return value.startsWith(sealedPrefix);
  }

  /** Encrypts `plaintext`, bound to `context`. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv(algorithm, this.#key, iv, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${sealedPrefix}${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  /**
   * Decrypts a value sealed with the same key and `context`; otherwise says why not (not in the
   * encrypted form, malformed, or the tag does not check: another key, another context, altered).
   */
  open(stored: string, context: string): OpenResult {
    if (!SecretCipher.isSealed(stored)) return { ok: false, failure: 'not-sealed' };
    const encoded = stored.slice(sealedPrefix.length);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return { ok: false, failure: 'malformed' };
    const packed = Buffer.from(encoded, 'base64');
    if (packed.length < ivBytes + tagBytes) return { ok: false, failure: 'malformed' };
    const decipher = createDecipheriv(algorithm, this.#key, packed.subarray(0, ivBytes), {
      authTagLength: tagBytes,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(packed.subarray(ivBytes, ivBytes + tagBytes));
    try {
      const plaintext = Buffer.concat([
        decipher.update(packed.subarray(ivBytes + tagBytes)),
        decipher.final(),
      ]);
      return { ok: true, value: plaintext.toString('utf8') };
    } catch {
      return { ok: false, failure: 'authentication' };
    }
  }
}
