/** Why the control plane refused a request. */
export type ControlPlaneErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'CONFIGURATION_ERROR';

/** A refused admin request: an unknown id or input that cannot be used. Never holds a secret. */
export class ControlPlaneError extends Error {
  override readonly name = 'ControlPlaneError';

  constructor(
    readonly code: ControlPlaneErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** An unknown id. */
  static notFound(what: string, id: number | string): ControlPlaneError {
    return new ControlPlaneError('NOT_FOUND', `${what} ${id} does not exist`);
  }
}
