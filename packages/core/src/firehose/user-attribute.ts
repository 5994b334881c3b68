import { z } from 'zod';

/**
 * A user attribute change carried by an audience entry. Firehose's own examples include an empty
 * object here, so `key` and `action` are tolerated when missing; plugins skip such entries.
 */
export const userAttributeSchema = z.looseObject({
  key: z.string().optional(),
  value: z.string().optional(),
  action: z.enum(['upsert', 'delete']).optional(),
  list_value: z.array(z.string()).optional(),
});
/** A Firehose `UserAttributeAudienceEvent`. */
export type UserAttribute = z.infer<typeof userAttributeSchema>;
