import { z } from 'zod';
import { settingsMapSchema } from './audience.js';
import { identityEncodingSchema } from './identity.js';
import { messageEnvelopeShape } from './message-envelope.js';
import { firehoseSettingSchema } from './setting-wire.js';

/** An identity the integration asks to receive. */
export const identityPermissionSchema = z.looseObject({
  type: z.string(),
  encoding: identityEncodingSchema,
  required: z.boolean().optional(),
});

/** What data the integration may access. */
export const permissionsSchema = z.looseObject({
  device_identities: z.array(identityPermissionSchema).optional(),
  user_identities: z.array(identityPermissionSchema).optional(),
  partner_identities: z.array(identityPermissionSchema).optional(),
  allow_consent_state: z.boolean().optional(),
  allow_access_mpid: z.boolean().optional(),
  allow_audience_user_attributes: z.boolean().optional(),
});
/** Registration permissions. */
export type Permissions = z.infer<typeof permissionsSchema>;

/** `module_registration_response`: name, version, permissions and settings of the integration. */
export const moduleRegistrationResponseSchema = z.looseObject({
  type: z.literal('module_registration_response'),
  ...messageEnvelopeShape,
  sdk_version: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  version: z.string(),
  permissions: permissionsSchema.optional(),
  event_processing_registration: z
    .looseObject({ account_settings: z.array(firehoseSettingSchema).optional() })
    .optional(),
  audience_processing_registration: z
    .looseObject({
      account_settings: z.array(firehoseSettingSchema).optional(),
      audience_subscription_settings: z.array(firehoseSettingSchema).optional(),
    })
    .optional(),
});
/** A module registration response. */
export type ModuleRegistrationResponse = z.infer<typeof moduleRegistrationResponseSchema>;

/** `audience_subscription_response`: the subscription settings to store. */
export const audienceSubscriptionResponseSchema = z.looseObject({
  type: z.literal('audience_subscription_response'),
  ...messageEnvelopeShape,
  audience_subscription_settings: settingsMapSchema.optional(),
});
/** An audience subscription response. */
export type AudienceSubscriptionResponse = z.infer<typeof audienceSubscriptionResponseSchema>;

/** `audience_membership_change_response`; `suspend_subscription` once credentials were rejected. */
export const audienceMembershipChangeResponseSchema = z.looseObject({
  type: z.literal('audience_membership_change_response'),
  ...messageEnvelopeShape,
  suspend_subscription: z.boolean().optional(),
});
/** An audience membership change response. */
export type AudienceMembershipChangeResponse = z.infer<typeof audienceMembershipChangeResponseSchema>;

/** Any response Forwarder produces. */
export const firehoseResponseSchema = z.discriminatedUnion('type', [
  moduleRegistrationResponseSchema,
  audienceSubscriptionResponseSchema,
  audienceMembershipChangeResponseSchema,
]);
/** A Firehose response. */
export type FirehoseResponse = z.infer<typeof firehoseResponseSchema>;
