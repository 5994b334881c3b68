import { z } from 'zod';
import { userAttributeSchema } from './user-attribute.js';

/** String settings keyed by setting id, as Firehose sends them. */
export const settingsMapSchema = z.record(z.string(), z.string());
/** Raw settings: every value a string. */
export type SettingsMap = z.infer<typeof settingsMapSchema>;

/** What happened to a profile's membership of one audience. */
export const membershipActionSchema = z.enum(['add', 'delete', 'attribute_update']);
/** `add`, `delete` or `attribute_update`. */
export type MembershipAction = z.infer<typeof membershipActionSchema>;

/** One audience entry of a user profile in a membership change. */
export const audienceSchema = z.looseObject({
  audience_id: z.number().int(),
  audience_name: z.string(),
  audience_subscription_settings: settingsMapSchema.optional(),
  action: membershipActionSchema,
  user_attributes: z.array(userAttributeSchema).optional(),
});
/** A Firehose `Audience` entry. */
export type Audience = z.infer<typeof audienceSchema>;
