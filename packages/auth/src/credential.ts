import { ConfigurationError } from '@forwarder/core';

/** The settings that hold credentials. */
export type CredentialSetting = 'apiKey' | 'publicKey' | 'secretKey';

/** Rules a credential must follow, besides not being empty. */
interface CredentialRules {
  /** Whether a `:` is forbidden (the user part of a Basic header cannot hold one). */
  noColon?: boolean;
  /** Whether characters above U+00FF are forbidden (the value goes into a header as is). */
  latin1Only?: boolean;
}

/**
 * Trims a credential and checks that it can go into a header: not empty, no control characters
 * (which would allow header injection), plus the given rules. Errors name the setting, never the value.
 */
export function checkCredential(
  setting: CredentialSetting,
  value: string,
  rules: CredentialRules = {},
): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw invalid(setting, `${setting} is empty`);
  for (let index = 0; index < trimmed.length; index++) {
    const code = trimmed.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) throw invalid(setting, `${setting} contains a control character`);
    if (rules.latin1Only && code > 0xff) {
      throw invalid(setting, `${setting} contains a character that cannot be sent in a header`);
    }
    if (rules.noColon && code === 0x3a) throw invalid(setting, `${setting} must not contain ":"`);
  }
  return trimmed;
}

function invalid(setting: CredentialSetting, message: string): ConfigurationError {
  return ConfigurationError.fromIssues('authentication settings', [{ setting, message }]);
}
