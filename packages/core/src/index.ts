export * from './errors/index.js';
export * from './firehose/index.js';
export * from './settings/index.js';
