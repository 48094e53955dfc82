/** The error a platform connector throws when it cannot start; `src/main.ts` prints its message alone. */

/** Why a connector could not start. */
export type StartErrorCode = 'PLATFORM_UNREACHABLE' | 'PLATFORM_REJECTED' | 'WEBHOOK_FAILED';

/**
 * A connector could not start: the platform's server cannot be reached, refused the token, or
 * the webhook could not be set. The message is meant for the operator (what failed, which
 * variable to check) and never contains a secret; `cause` keeps the original error.
 */
export class StartError extends Error {
  override readonly name = 'StartError';
  constructor(
    readonly code: StartErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
