import { registry } from '@forwarder/integration';
import { expect, it } from 'vitest';
import { rokt } from './index.js';

it('@forwarder/rokt/register adds the default plugin to the process-wide registry', async () => {
  expect(registry.has('rokt')).toBe(false);
  await import('./register.js');
  expect(registry.get('rokt')).toBe(rokt);
  await import('./register.js');
  expect(registry.list().filter((integration) => integration.id === 'rokt')).toHaveLength(1);
});
