import { z } from 'zod';
import { settingsMapSchema } from './audience.js';

/** The account a message belongs to, with the output configuration's settings. */
export const accountSchema = z.looseObject({
  account_id: z.number().int(),
  account_settings: settingsMapSchema.optional(),
});
/** A Firehose `Account`. */
export type Account = z.infer<typeof accountSchema>;
