import { z } from 'zod';

/** How an identity value is encoded on the wire. */
export const identityEncodingSchema = z.enum(['raw', 'md5', 'sha1', 'sha256']);
/** One of `raw`, `md5`, `sha1`, `sha256`. */
export type IdentityEncoding = z.infer<typeof identityEncodingSchema>;

/**
 * A user, device or partner identity: `{type, encoding, value}`. The `type` is kept as a string
 * so that identity types added to Firehose later are tolerated (and ignored by plugins).
 */
export const identitySchema = z.looseObject({
  type: z.string().min(1),
  encoding: identityEncodingSchema,
  value: z.string(),
});
/** A Firehose identity. */
export type Identity = z.infer<typeof identitySchema>;
