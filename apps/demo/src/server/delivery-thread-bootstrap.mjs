// Starts the delivery thread from TypeScript sources: registers tsx's loader in this thread,
// then loads the entry module named in workerData. A build loads the compiled entry directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
