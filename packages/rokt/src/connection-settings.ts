import { defineSettings, type InferSettings } from '@forwarder/core';

/**
 * The connection (audience level) settings of the Rokt integration, in the Firehose Setting
 * format. Connection Status is not among them: it belongs to the platform, which only sends
 * messages for active connections.
 */
export const roktConnectionSettings = defineSettings([
  {
    id: 'hashFirstName',
    type: 'boolean',
    name: 'Hash First Name',
    description:
      'If enabled, $firstname is hashed using SHA256 with UTF-8 encoding before being sent to Rokt. You must also select $firstname in User Attribute Forwarding for this attribute to be forwarded.',
    defaultValue: false,
  },
  {
    id: 'hashLastName',
    type: 'boolean',
    name: 'Hash Last Name',
    description:
      'If enabled, $lastname is hashed using SHA256 with UTF-8 encoding before being sent to Rokt. You must also select $lastname in User Attribute Forwarding for this attribute to be forwarded.',
    defaultValue: false,
  },
  {
    id: 'hashZip',
    type: 'boolean',
    name: 'Hash Zip Code',
    description:
      'If enabled, $zip is hashed using SHA256 with UTF-8 encoding before being sent to Rokt. You must also select $zip in User Attribute Forwarding for this attribute to be forwarded.',
    defaultValue: false,
  },
  {
    id: 'forwardedAttributes',
    type: 'list',
    name: 'User Attribute Forwarding',
    description:
      'Allows you to select which user attributes within your mParticle Account and/or Workspace to include with the audience data sent to Rokt.',
  },
] as const);

/** The parsed connection settings of the Rokt integration. */
export type RoktConnectionSettings = InferSettings<typeof roktConnectionSettings>;
