import { z } from 'zod';
import { audienceSchema } from './audience.js';
import { identitySchema } from './identity.js';

/** One user profile of a membership change: identities, mpid and audience entries. */
export const userProfileSchema = z.looseObject({
  user_identities: z.array(identitySchema).optional(),
  device_identities: z.array(identitySchema).optional(),
  partner_identities: z.array(identitySchema).optional(),
  audiences: z.array(audienceSchema).optional(),
  mpid: z.string().optional(),
});
/** A Firehose `UserProfile`. */
export type UserProfile = z.infer<typeof userProfileSchema>;
