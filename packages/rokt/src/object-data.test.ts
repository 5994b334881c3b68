import type { UserAttribute } from '@forwarder/core';
import { describe, expect, it } from 'vitest';
import {
  accountSettings,
  audienceOf,
  changeOf,
  objectDataOf,
  profileOf,
  sha256,
  useKit,
} from './test-support/rokt-test-kit.js';

const kit = useKit();

const upsert = (key: string, value: string): UserAttribute => ({ key, value, action: 'upsert' });

/** Sends one profile with attributes on one audience entry and returns the stored event's objectData and the report. */
async function sendAttributes(
  attributes: UserAttribute[],
  settings: Record<string, string> = {},
  account: Record<string, string | undefined> = {},
) {
  const { report } = await kit.processor.process(
    changeOf(
      [
        profileOf({
          mpid: '42',
          email: 'Ann@Example.com',
          mobile: '555 123 4567',
          audiences: [audienceOf(7, 'Loyal', 'attribute_update', { settings, attributes })],
        }),
      ],
      accountSettings({ mobileEncoding: 'Raw', ...account }),
    ),
  );
  const [event] = kit.sandbox.eventsFor('123456');
  expect(report.failed).toBe(0);
  return {
    report,
    objectData: event === undefined ? undefined : objectDataOf(event),
    raw: event?.objectData,
  };
}

describe('objectData names', () => {
  it('mpid, email, mobile, then the plain reserved attributes normalised, and other attributes raw without $', async () => {
    const { raw } = await sendAttributes([
      upsert('$FirstName', ' Mary Ann '),
      upsert('$LASTNAME', 'Van Der Berg'),
      upsert('$zip', ' 12345-6789 '),
      upsert('$Gender', 'F'),
      upsert('Favourite Colour', ' Teal  '),
      { key: 'Interests', list_value: ['golf', 'tennis'], action: 'upsert' },
    ]);
    expect(raw).toEqual([
      { name: 'mpid', value: '42' },
      { name: 'email', value: 'ann@example.com' },
      { name: 'mobile', value: '5551234567' },
      { name: 'firstname', value: 'maryann' },
      { name: 'lastname', value: 'vanderberg' },
      { name: 'zip', value: '12345-6789' },
      { name: 'Gender', value: 'F' },
      { name: 'Favourite Colour', value: ' Teal  ' },
      { name: 'Interests', value: 'golf,tennis' },
    ]);
  });

  it('hashed names when the hash flags are on, hashing the normalised values', async () => {
    const { objectData } = await sendAttributes(
      [upsert('$firstname', ' Mary Ann '), upsert('$lastname', 'Smith'), upsert('$zip', ' 12345-6789 ')],
      { hashFirstName: 'true', hashLastName: 'true', hashZip: 'true' },
      { emailEncoding: 'Sha256', mobileEncoding: 'Sha256' },
    );
    expect(objectData).toEqual({
      mpid: '42',
      emailsha256: sha256('ann@example.com'),
      mobilesha256: sha256('5551234567'),
      firstnamesha256: sha256('maryann'),
      lastnamesha256: sha256('smith'),
      zipsha256: sha256('12345-6789'),
    });
  });

  it('a name appears only with a value: empty values are not sent and are counted', async () => {
    const { objectData, report } = await sendAttributes([
      upsert('$firstname', '   '),
      upsert('Nickname', ''),
      { key: 'NoValue', action: 'upsert' },
    ]);
    expect(objectData).toEqual({ mpid: '42', email: 'ann@example.com', mobile: '5551234567' });
    expect(report.skippedReasons).toEqual({ empty_attribute: 3 });
  });
});

describe('attribute forwarding rules', () => {
  it('without forwardedAttributes every received attribute goes', async () => {
    const { objectData } = await sendAttributes([upsert('A', '1'), upsert('b', '2')]);
    expect(objectData).toMatchObject({ A: '1', b: '2' });
  });

  it('with forwardedAttributes only those go, keys matching case-insensitively', async () => {
    const { objectData, report } = await sendAttributes(
      [upsert('$FIRSTNAME', 'Ann'), upsert('tier', 'gold'), upsert('Secret', 's'), upsert('$zip', '02139')],
      { forwardedAttributes: '["$firstname","Tier"]' },
    );
    expect(objectData).toEqual({
      mpid: '42',
      email: 'ann@example.com',
      mobile: '5551234567',
      firstname: 'ann',
      tier: 'gold',
    });
    expect(report.skippedReasons).toEqual({ attribute_not_selected: 2 });
    expect(report.byAudience['7']).toMatchObject({ skipped: 2 });
  });

  it('an empty forwardedAttributes forwards none', async () => {
    const { objectData } = await sendAttributes([upsert('A', '1')], { forwardedAttributes: '[]' });
    expect(objectData).toEqual({ mpid: '42', email: 'ann@example.com', mobile: '5551234567' });
  });

  it('a hash flag never adds an attribute', async () => {
    const { objectData } = await sendAttributes([upsert('$lastname', 'Smith'), upsert('Tier', 'gold')], {
      hashLastName: 'true',
      forwardedAttributes: '["Tier"]',
    });
    expect(objectData).toEqual({ mpid: '42', email: 'ann@example.com', mobile: '5551234567', Tier: 'gold' });
  });

  it('a user attribute with action delete is not sent', async () => {
    const { objectData, report } = await sendAttributes([
      { key: 'Churned', action: 'delete' },
      upsert('Kept', 'y'),
    ]);
    expect(objectData).not.toHaveProperty('Churned');
    expect(objectData).toHaveProperty('Kept', 'y');
    expect(report.skippedReasons).toEqual({ attribute_deleted: 1 });
  });

  it('names beginning rokt. are never sent', async () => {
    const { objectData, report } = await sendAttributes([
      upsert('rokt.campaign', 'x'),
      upsert('$Rokt.Session', 'y'),
    ]);
    expect(Object.keys(objectData ?? {})).toEqual(['mpid', 'email', 'mobile']);
    expect(report.skippedReasons).toEqual({ reserved_attribute: 2 });
  });

  it('an attribute never stands in for an identity, so None cannot be bypassed', async () => {
    const { objectData, report } = await sendAttributes(
      [
        upsert('$Mobile', '5559999999'),
        upsert('email', 'other@example.com'),
        upsert('MPID', '1'),
        upsert('emailsha256', sha256('x')),
        upsert('$mobilesha256', sha256('y')),
      ],
      {},
      { mobileEncoding: 'None' },
    );
    expect(objectData).toEqual({ mpid: '42', email: 'ann@example.com' });
    expect(report.skippedReasons).toEqual({ attribute_identity_clash: 5, mobile_encoding_none: 1 });
  });

  it('a reserved attribute given twice (different case) is sent once', async () => {
    const { raw, report } = await sendAttributes([upsert('$zip', '02139'), upsert('$ZIP', '99999')]);
    expect(raw?.filter((entry) => entry.name === 'zip')).toEqual([{ name: 'zip', value: '02139' }]);
    expect(report.skippedReasons).toEqual({ duplicate_attribute: 1 });
  });

  it('any attribute given twice in different case is sent once, as first given', async () => {
    const { raw, report } = await sendAttributes([upsert('City', 'Boston'), upsert('$city', 'Paris')]);
    expect(raw?.filter((entry) => entry.name.toLowerCase() === 'city')).toEqual([
      { name: 'City', value: 'Boston' },
    ]);
    expect(report.skippedReasons).toEqual({ duplicate_attribute: 1 });
  });

  it('attributes travel with add and delete events too, and only with their own audience entry', async () => {
    await kit.processor.process(
      changeOf([
        profileOf({
          mpid: '5',
          audiences: [
            audienceOf(1, 'A', 'add', { attributes: [upsert('Tier', 'gold')] }),
            audienceOf(2, 'B', 'delete'),
          ],
        }),
      ]),
    );
    const events = kit.sandbox.eventsFor('123456').map(objectDataOf);
    expect(events).toEqual([{ mpid: '5', Tier: 'gold' }, { mpid: '5' }]);
  });
});
