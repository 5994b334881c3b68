import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AudienceMembershipChangeRequest, UserProfile } from '@forwarder/core';
import { createProcessor, type DeliveryOptions, type Processor } from '@forwarder/integration';
import { membershipChangeRequest } from '@forwarder/integration/testing';
import { type RoktSandbox, type SandboxOptions, startSandbox } from '@forwarder/rokt-sandbox';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createRoktIntegration, type RoktIntegration } from '../rokt-integration.js';

/** The Rokt account id used by the tests. */
export const ACCOUNT_ID = '123456';
/** The API key the sandbox accepts by default. */
export const API_KEY = 'rk_test_api_key_0001';

/** Complete account settings with the API key; `overrides` replace or add (`undefined` removes). */
export function accountSettings(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const settings: Record<string, string | undefined> = {
    configurationName: 'Rokt test output',
    accountId: ACCOUNT_ID,
    apiKey: API_KEY,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A sandbox, a fresh plugin instance and a processor pointed at the sandbox. */
export interface RoktTestKit {
  sandbox: RoktSandbox;
  plugin: RoktIntegration;
  processor: Processor;
  /** A processor of the same plugin with other delivery options (same endpoints). */
  processorWith(delivery: DeliveryOptions): Processor;
  close(): Promise<void>;
}

/** Starts a sandbox (API key credentials unless given) and a plugin processing against it. */
export async function startKit(
  options: { sandbox?: SandboxOptions; delivery?: DeliveryOptions } = {},
): Promise<RoktTestKit> {
  const sandbox = await startSandbox({ credentials: { apiKey: API_KEY }, ...options.sandbox });
  const plugin = createRoktIntegration();
  const processorWith = (delivery: DeliveryOptions) =>
    createProcessor({
      integration: plugin,
      delivery: {
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxTotalMs: 5_000 },
        timeoutMs: 5_000,
        ...delivery,
        endpoints: { audience: sandbox.url, events: sandbox.url },
      },
    });
  return {
    sandbox,
    plugin,
    processor: processorWith(options.delivery ?? {}),
    processorWith,
    close: () => sandbox.close(),
  };
}

/** Options of {@link useKit}: those of {@link startKit}, and whether to reset the sandbox before each test. */
export interface UseKitOptions {
  sandbox?: SandboxOptions;
  delivery?: DeliveryOptions;
  /** Reset the sandbox (state, request log, fault script) before each test (default true). */
  resetBeforeEach?: boolean;
}

/**
 * One kit for a whole test file: started before all its tests, its sandbox reset before each (unless
 * `resetBeforeEach: false`), closed after all. Call at the top of the file; the returned kit may be
 * used inside tests and hooks only (it starts in `beforeAll`).
 */
export function useKit(options: UseKitOptions = {}): RoktTestKit {
  let current: RoktTestKit | undefined;
  const started = (): RoktTestKit => {
    if (current === undefined) throw new Error('the kit starts in beforeAll: use it inside tests');
    return current;
  };
  beforeAll(async () => {
    current = await startKit({
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
      ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
    });
  });
  if (options.resetBeforeEach ?? true) beforeEach(() => started().sandbox.reset());
  afterAll(() => current?.close());
  return {
    get sandbox() {
      return started().sandbox;
    },
    get plugin() {
      return started().plugin;
    },
    get processor() {
      return started().processor;
    },
    processorWith: (delivery) => started().processorWith(delivery),
    close: () => started().close(),
  };
}

/** The SHA-256 of a UTF-8 string, lowercase hex. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A membership change for the test account. */
export function changeOf(
  profiles: UserProfile[],
  settings: Record<string, string> = accountSettings(),
  extra: { id?: string; timestampMs?: number } = {},
): AudienceMembershipChangeRequest {
  return membershipChangeRequest({
    accountSettings: settings,
    profiles,
    timestampMs: extra.timestampMs ?? Date.UTC(2026, 10, 29, 10, 0, 0),
    ...(extra.id === undefined ? {} : { id: extra.id }),
  });
}

/** A profile with an mpid, a raw email and audience entries. */
export function profileOf(input: {
  mpid?: string;
  email?: string;
  emailEncoding?: 'raw' | 'md5' | 'sha1' | 'sha256';
  mobile?: string;
  mobileEncoding?: 'raw' | 'md5' | 'sha1' | 'sha256';
  audiences: UserProfile['audiences'];
}): UserProfile {
  const identities: NonNullable<UserProfile['user_identities']> = [];
  if (input.email !== undefined) {
    identities.push({ type: 'email', encoding: input.emailEncoding ?? 'raw', value: input.email });
  }
  if (input.mobile !== undefined) {
    identities.push({ type: 'mobile_number', encoding: input.mobileEncoding ?? 'raw', value: input.mobile });
  }
  return {
    user_identities: identities,
    audiences: input.audiences,
    ...(input.mpid === undefined ? {} : { mpid: input.mpid }),
  };
}

/** An audience entry. */
export function audienceOf(
  id: number,
  name: string,
  action: 'add' | 'delete' | 'attribute_update',
  extra: {
    settings?: Record<string, string>;
    attributes?: NonNullable<UserProfile['audiences']>[number]['user_attributes'];
  } = {},
): NonNullable<UserProfile['audiences']>[number] {
  return {
    audience_id: id,
    audience_name: name,
    action,
    audience_subscription_settings: extra.settings ?? {},
    ...(extra.attributes === undefined ? {} : { user_attributes: extra.attributes }),
  };
}

/** Reads a Firehose fixture of the shared `fixtures/firehose` folder (or `$FIREHOSE_FIXTURES`), as core's tests do. */
export function loadFixture(name: string): Record<string, unknown> {
  const directory =
    process.env.FIREHOSE_FIXTURES ?? join(import.meta.dirname, '../../../../fixtures/firehose');
  return JSON.parse(readFileSync(join(directory, name), 'utf8')) as Record<string, unknown>;
}

/** The objectData of the sandbox's stored events as plain objects, keyed by name. */
export function objectDataOf(event: {
  objectData: { name: string; value: string }[];
}): Record<string, string> {
  return Object.fromEntries(event.objectData.map((entry) => [entry.name, entry.value]));
}

/** Parsed JSON bodies of recorded requests to a path. */
export function bodiesTo(sandbox: RoktSandbox, path: string): Record<string, unknown>[] {
  return sandbox
    .requests()
    .filter((request) => request.path === path)
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);
}
