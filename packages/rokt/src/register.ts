/**
 * Side-effect entry: `import '@forwarder/rokt/register'` adds the default Rokt plugin to the
 * process-wide registry of `@forwarder/integration`.
 */
import { registry } from '@forwarder/integration';
import { rokt } from './rokt-integration.js';

registry.register(rokt);
