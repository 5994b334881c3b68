import { defineSettings, type InferSettings } from '@forwarder/core';

/**
 * The output-configuration (account level) settings of the Rokt integration, in the Firehose
 * Setting format. Names and descriptions follow mParticle's Rokt audience integration page.
 * At least one complete authentication method is required (checked by the plugin's
 * `validateAccount`): an API key, or a public key with its secret key; with both, the pair wins.
 */
export const roktAccountSettings = defineSettings([
  {
    id: 'configurationName',
    type: 'text',
    name: 'Configuration Name',
    description:
      'A descriptive name for this Rokt audiences output configuration, shown when connecting audiences. It is not sent to Rokt.',
    required: true,
  },
  {
    id: 'accountId',
    type: 'text',
    name: 'Rokt account id',
    description: 'Your Rokt Account ID.',
    required: true,
  },
  {
    id: 'apiKey',
    type: 'text',
    name: 'API Key',
    description:
      'The Rokt API secret key for authenticating to the Rokt Events API. You must use your secret key, not your public key.',
    confidential: true,
  },
  {
    id: 'publicKey',
    type: 'text',
    name: 'Rokt public key',
    description: 'Your Rokt public key obtained from your Rokt account representative.',
  },
  {
    id: 'secretKey',
    type: 'text',
    name: 'Rokt secret key',
    description: 'Your Rokt secret key obtained from your Rokt account representative.',
    confidential: true,
  },
  {
    id: 'emailEncoding',
    type: 'choice',
    name: 'Email encoding',
    description:
      'Determines if email addresses are encoded before being sent to Rokt. If you select Raw, addresses are not encoded. If you select Sha256, addresses are encoded using a SHA-256 hashing algorithm.',
    choices: ['Raw', 'Sha256'],
    defaultValue: 'Raw',
  },
  {
    id: 'mobileEncoding',
    type: 'choice',
    name: 'Mobile number encoding',
    description:
      'Determines if mobile phone numbers are sent to Rokt, and if they’re encoded before being forwarded. If you select None, mobile numbers are not forwarded to Rokt. If you select Raw, they will be forwarded unencoded. If you select Sha256, they are encoded using a SHA-256 hashing algorithm before being forwarded.',
    choices: ['None', 'Raw', 'Sha256'],
    defaultValue: 'None',
  },
] as const);

/** The parsed output-configuration settings of the Rokt integration. */
export type RoktAccountSettings = InferSettings<typeof roktAccountSettings>;
