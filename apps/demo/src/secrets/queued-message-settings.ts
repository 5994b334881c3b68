/** The owner a queued message's secrets are bound to. */
export function queuedMessageOwner(messageId: string): string {
  return `queue:${messageId}`;
}

type SettingsMap = Record<string, unknown>;

/** `message` with its `account.account_settings` replaced by `change(settings)` (a copy; the rest shared). */
export function withAccountSettings(
  message: Record<string, unknown>,
  change: (settings: SettingsMap) => SettingsMap,
): Record<string, unknown> {
  const account = message.account;
  if (typeof account !== 'object' || account === null || Array.isArray(account)) return message;
  const settings = (account as { account_settings?: unknown }).account_settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return message;
  return { ...message, account: { ...account, account_settings: change(settings as SettingsMap) } };
}
