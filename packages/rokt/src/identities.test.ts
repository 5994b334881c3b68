import { describe, expect, it } from 'vitest';
import {
  accountSettings,
  audienceOf,
  bodiesTo,
  changeOf,
  objectDataOf,
  profileOf,
  sha256,
  useKit,
} from './test-support/rokt-test-kit.js';

const kit = useKit();

async function sendOne(
  profile: Parameters<typeof profileOf>[0],
  settings: Record<string, string | undefined> = {},
) {
  const { report } = await kit.processor.process(changeOf([profileOf(profile)], accountSettings(settings)));
  const events = kit.sandbox.eventsFor('123456');
  return { report, events, objectData: events[0] === undefined ? undefined : objectDataOf(events[0]) };
}

describe('email identity', () => {
  it('Raw: the normalised address goes to the list import (emails) and the event (email)', async () => {
    const { report, objectData } = await sendOne({
      mpid: '11',
      email: ' John.Doe@Example.COM ',
      audiences: [audienceOf(1, 'Shoppers', 'add')],
    });
    expect(report.delivered).toBe(2);
    expect(kit.sandbox.listMembers('123456', 'Shoppers').included).toEqual([
      { identifier: 'john.doe@example.com', kind: 'email' },
    ]);
    expect(objectData).toEqual({ mpid: '11', email: 'john.doe@example.com' });
  });

  it('Sha256: the SHA-256 of the normalised address goes as sha256s and emailsha256', async () => {
    const { objectData } = await sendOne(
      { mpid: '11', email: ' John.Doe@Example.COM ', audiences: [audienceOf(1, 'Shoppers', 'add')] },
      { emailEncoding: 'Sha256' },
    );
    const digest = sha256('john.doe@example.com');
    expect(kit.sandbox.listMembers('123456', 'Shoppers').included).toEqual([
      { identifier: digest, kind: 'sha256' },
    ]);
    expect(objectData).toEqual({ mpid: '11', emailsha256: digest });
  });

  it('arriving as SHA-256, passes through as lowercase hex in the hashed form, even with Raw', async () => {
    const digest = sha256('someone@example.com');
    const { objectData } = await sendOne({
      mpid: '11',
      email: ` ${digest.toUpperCase()} `,
      emailEncoding: 'sha256',
      audiences: [audienceOf(1, 'Shoppers', 'add')],
    });
    expect(kit.sandbox.listMembers('123456', 'Shoppers').included).toEqual([
      { identifier: digest, kind: 'sha256' },
    ]);
    expect(objectData).toEqual({ mpid: '11', emailsha256: digest });
  });

  it('arriving as MD5 or SHA-1, is dropped and counted with the reason', async () => {
    const { report, objectData } = await sendOne({
      mpid: '11',
      email: 'e179e95c00e7718ab4a23840f992ea63',
      emailEncoding: 'md5',
      audiences: [audienceOf(1, 'Shoppers', 'add')],
    });
    expect(report.skippedReasons).toEqual({ unsupported_hash_md5: 1 });
    expect(objectData).toEqual({ mpid: '11' });
    expect(kit.sandbox.state().accounts['123456']?.lists).toEqual({});
    kit.sandbox.reset();
    const sha1 = await sendOne({
      mpid: '11',
      email: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      emailEncoding: 'sha1',
      audiences: [audienceOf(1, 'Shoppers', 'add')],
    });
    expect(sha1.report.skippedReasons).toEqual({ unsupported_hash_sha1: 1 });
    expect(bodiesTo(kit.sandbox, '/v3/import/suppression')).toEqual([]);
  });

  it('an invalid or empty address is dropped and counted, never sent', async () => {
    for (const [email, reason] of [
      ['no-at-sign.example.com', 'invalid_email'],
      ['two@@example.com', 'invalid_email'],
      ['@example.com', 'invalid_email'],
      ['someone@', 'invalid_email'],
      ['  ', 'empty_email'],
    ] as const) {
      kit.sandbox.reset();
      const { report, objectData } = await sendOne({
        mpid: '11',
        email,
        audiences: [audienceOf(1, 'L', 'add')],
      });
      expect(report.skippedReasons).toEqual({ [reason]: 1 });
      expect(objectData).toEqual({ mpid: '11' });
      expect(bodiesTo(kit.sandbox, '/v3/import/suppression')).toEqual([]);
    }
  });
});

describe('mpid', () => {
  it('is always sent as the event mpid', async () => {
    const { objectData } = await sendOne({
      mpid: '-8675309',
      audiences: [audienceOf(1, 'L', 'attribute_update')],
    });
    expect(objectData).toEqual({ mpid: '-8675309' });
  });

  it('when missing, the list import still goes but the event is skipped as missing_mpid', async () => {
    const { report, events } = await sendOne({ email: 'a@b.com', audiences: [audienceOf(1, 'L', 'add')] });
    expect(events).toEqual([]);
    expect(kit.sandbox.listMembers('123456', 'L').included).toHaveLength(1);
    expect(report.skippedReasons).toEqual({ missing_mpid: 1 });
    expect(report.byAudience['1']).toEqual({ delivered: { included: 1 }, skipped: 1, failed: 0 });
  });

  it('when not a whole number, the list import still goes but the event is skipped as invalid_mpid', async () => {
    const { report, events } = await sendOne({
      mpid: 'user-42',
      email: 'c@d.com',
      audiences: [audienceOf(1, 'L', 'add')],
    });
    expect(events).toEqual([]);
    expect(kit.sandbox.listMembers('123456', 'L').included).toHaveLength(1);
    expect(report.skippedReasons).toEqual({ invalid_mpid: 1 });
    expect(report.failed).toBe(0);
  });
});

describe('mobile_number identity', () => {
  it('None (the default): never sent, not even when it arrives hashed; counted', async () => {
    const plain = await sendOne({
      mpid: '1',
      mobile: '+1 (555) 123-4567',
      audiences: [audienceOf(1, 'L', 'add')],
    });
    expect(plain.objectData).toEqual({ mpid: '1' });
    expect(plain.report.skippedReasons).toEqual({ mobile_encoding_none: 1 });
    kit.sandbox.reset();
    const hashed = await sendOne(
      {
        mpid: '1',
        mobile: sha256('5551234567'),
        mobileEncoding: 'sha256',
        audiences: [audienceOf(1, 'L', 'add')],
      },
      { mobileEncoding: 'None' },
    );
    expect(hashed.objectData).toEqual({ mpid: '1' });
    expect(JSON.stringify(kit.sandbox.requests().map((request) => request.body))).not.toContain(
      sha256('5551234567'),
    );
  });

  it('Raw: digits only, an 11-digit number starting with 1 loses it', async () => {
    const { objectData } = await sendOne(
      { mpid: '1', mobile: '+1 (555) 123-4567', audiences: [audienceOf(1, 'L', 'add')] },
      { mobileEncoding: 'Raw' },
    );
    expect(objectData).toEqual({ mpid: '1', mobile: '5551234567' });
    expect(bodiesTo(kit.sandbox, '/v3/import/suppression')).toEqual([]);
  });

  it('Raw keeps numbers that are not 11 digits starting with 1 as they are (digits only)', async () => {
    const { objectData } = await sendOne(
      { mpid: '1', mobile: '+44 20 7946 0958', audiences: [audienceOf(1, 'L', 'add')] },
      { mobileEncoding: 'Raw' },
    );
    expect(objectData).toEqual({ mpid: '1', mobile: '442079460958' });
  });

  it('Sha256: the SHA-256 of the normalised digits as mobilesha256; SHA-256 input passes through', async () => {
    const { objectData } = await sendOne(
      { mpid: '1', mobile: '1-555-123-4567', audiences: [audienceOf(1, 'L', 'add')] },
      { mobileEncoding: 'Sha256' },
    );
    expect(objectData).toEqual({ mpid: '1', mobilesha256: sha256('5551234567') });
    kit.sandbox.reset();
    const passed = await sendOne(
      {
        mpid: '1',
        mobile: sha256('5550000000').toUpperCase(),
        mobileEncoding: 'sha256',
        audiences: [audienceOf(1, 'L', 'add')],
      },
      { mobileEncoding: 'Raw' },
    );
    expect(passed.objectData).toEqual({ mpid: '1', mobilesha256: sha256('5550000000') });
  });

  it('arriving as MD5 is dropped and counted', async () => {
    const { objectData, report } = await sendOne(
      {
        mpid: '1',
        mobile: 'e179e95c00e7718ab4a23840f992ea63',
        mobileEncoding: 'md5',
        audiences: [audienceOf(1, 'L', 'add')],
      },
      { mobileEncoding: 'Sha256' },
    );
    expect(objectData).toEqual({ mpid: '1' });
    expect(report.skippedReasons).toEqual({ unsupported_hash_md5: 1 });
  });

  it('empty after normalisation is not sent', async () => {
    const { objectData, report } = await sendOne(
      { mpid: '1', mobile: 'n/a', audiences: [audienceOf(1, 'L', 'add')] },
      { mobileEncoding: 'Raw' },
    );
    expect(objectData).toEqual({ mpid: '1' });
    expect(report.skippedReasons).toEqual({ empty_mobile_number: 1 });
  });
});

describe('other identities', () => {
  it('are not sent and are counted as ignored', async () => {
    const { report, events } = await kit.processor
      .process(
        changeOf([
          {
            mpid: '3',
            user_identities: [
              { type: 'customer', encoding: 'raw', value: 'cust-1' },
              { type: 'other', encoding: 'raw', value: 'x' },
              { type: 'email', encoding: 'raw', value: 'a@b.com' },
            ],
            device_identities: [{ type: 'android_id', encoding: 'raw', value: 'a0504a8cfa15ce2c' }],
            audiences: [audienceOf(1, 'L', 'add')],
          },
        ]),
      )
      .then((result) => ({ ...result, events: kit.sandbox.eventsFor('123456') }));
    expect(report.skippedReasons).toEqual({ ignored_identity: 2, ignored_device_identity: 1 });
    expect(events.map(objectDataOf)).toEqual([{ mpid: '3', email: 'a@b.com' }]);
    expect(JSON.stringify(kit.sandbox.requests().map((request) => request.body))).not.toMatch(
      /cust-1|a0504a8cfa15ce2c/,
    );
  });
});
