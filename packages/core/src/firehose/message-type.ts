/** The Firehose message types Forwarder handles, requests and responses. */
export const FirehoseMessageType = {
  MODULE_REGISTRATION_REQUEST: 'module_registration_request',
  MODULE_REGISTRATION_RESPONSE: 'module_registration_response',
  AUDIENCE_SUBSCRIPTION_REQUEST: 'audience_subscription_request',
  AUDIENCE_SUBSCRIPTION_RESPONSE: 'audience_subscription_response',
  AUDIENCE_MEMBERSHIP_CHANGE_REQUEST: 'audience_membership_change_request',
  AUDIENCE_MEMBERSHIP_CHANGE_RESPONSE: 'audience_membership_change_response',
} as const;

/** The request types a processor accepts. */
export const firehoseRequestTypes = [
  FirehoseMessageType.MODULE_REGISTRATION_REQUEST,
  FirehoseMessageType.AUDIENCE_SUBSCRIPTION_REQUEST,
  FirehoseMessageType.AUDIENCE_MEMBERSHIP_CHANGE_REQUEST,
] as const;
