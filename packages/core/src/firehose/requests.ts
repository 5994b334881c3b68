import { z } from 'zod';
import { accountSchema } from './account.js';
import { settingsMapSchema } from './audience.js';
import { messageEnvelopeShape } from './message-envelope.js';
import { userProfileSchema } from './user-profile.js';

/** `module_registration_request`: the platform asks the integration to describe itself. */
export const moduleRegistrationRequestSchema = z.looseObject({
  type: z.literal('module_registration_request'),
  ...messageEnvelopeShape,
});
/** A module registration request. */
export type ModuleRegistrationRequest = z.infer<typeof moduleRegistrationRequestSchema>;

/** `audience_subscription_request`: an audience is connected (`add`), changed or disconnected. */
export const audienceSubscriptionRequestSchema = z.looseObject({
  type: z.literal('audience_subscription_request'),
  ...messageEnvelopeShape,
  account: accountSchema,
  audience_id: z.number().int(),
  audience_name: z.string(),
  audience_description: z.string().optional(),
  audience_subscription_settings: settingsMapSchema.optional(),
  previous_audience_subscription_settings: settingsMapSchema.optional(),
  action: z.enum(['add', 'update', 'remove']),
});
/** An audience subscription request. */
export type AudienceSubscriptionRequest = z.infer<typeof audienceSubscriptionRequestSchema>;

/** `audience_membership_change_request`: profiles joined, left or changed within audiences. */
export const audienceMembershipChangeRequestSchema = z.looseObject({
  type: z.literal('audience_membership_change_request'),
  ...messageEnvelopeShape,
  account: accountSchema,
  user_profiles: z.array(userProfileSchema).optional(),
});
/** An audience membership change request. */
export type AudienceMembershipChangeRequest = z.infer<typeof audienceMembershipChangeRequestSchema>;

/** Any request Forwarder handles, discriminated by `type`. */
export const firehoseRequestSchema = z.discriminatedUnion('type', [
  moduleRegistrationRequestSchema,
  audienceSubscriptionRequestSchema,
  audienceMembershipChangeRequestSchema,
]);
/** A Firehose request. */
export type FirehoseRequest = z.infer<typeof firehoseRequestSchema>;
