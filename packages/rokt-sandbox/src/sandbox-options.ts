import type { FaultOptions } from './fault-options.js';

/**
 * The credentials the sandbox accepts. With a key pair, `Authorization: Basic base64(publicKey:secretKey)`
 * is accepted; with an API key, `Authorization: <apiKey>` is accepted; with both, either is accepted.
 * Without any credentials, any non-empty `Authorization` header is accepted.
 */
export interface SandboxCredentials {
  /** The Rokt API key, sent as the raw `Authorization` header value. */
  apiKey?: string;
  /** The Rokt public key (half of the key pair; ignored without `secretKey`). */
  publicKey?: string;
  /** The Rokt secret key (half of the key pair; ignored without `publicKey`). */
  secretKey?: string;
  /** When given, only these Rokt account ids are allowed; any other answers 403 `Forbidden`. */
  accountIds?: string[];
}

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** The port to listen on; 0 (the default) picks a free port. */
  port?: number;
  /** The interface to bind; defaults to `127.0.0.1`. */
  host?: string;
  /** The credentials to enforce; see {@link SandboxCredentials}. */
  credentials?: SandboxCredentials;
  /** Faults injected from the start; can be changed later with `setFaults`. */
  faults?: FaultOptions;
  /** The most addresses accepted in one list import request; defaults to 1,000,000 (Rokt's documented limit). */
  maxAddressesPerRequest?: number;
  /** The largest request body accepted, in bytes; larger bodies answer 413. Defaults to 128 MiB. */
  maxBodyBytes?: number;
  /** How many recent requests `requests()` keeps; defaults to 1,000. */
  requestLogSize?: number;
  /** Receives one line per handled request (method, path, status, duration, fault). Never contains secrets. */
  logger?: (line: string) => void;
}
