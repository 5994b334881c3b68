import { hash } from 'node:crypto';
import { profileValues } from './profiles.js';

/** Profiles per second when doing nothing but hashing each profile's normalised email and mobile number. */
export function hashingFloorProfilesPerSecond(profiles: number): number {
  const emails: string[] = [];
  const mobiles: string[] = [];
  for (let index = 0; index < profiles; index++) {
    const values = profileValues(index);
    emails.push(values.normalisedEmail);
    mobiles.push(values.normalisedMobile);
  }
  let sink = 0;
  const started = performance.now();
  for (let index = 0; index < profiles; index++) {
    sink +=
      hash('sha256', emails[index] as string, 'hex').length +
      hash('sha256', mobiles[index] as string, 'hex').length;
  }
  const seconds = (performance.now() - started) / 1000;
  if (sink === 0) throw new Error('unreachable');
  return profiles / seconds;
}
