/** Errors raised by the storage layer. */

/** Machine-readable reasons a store could not be used. */
export type StoreErrorCode = 'STORE_URL_INVALID' | 'STORE_OPEN_FAILED' | 'STORE_CLOSED';

/** The store could not be configured, opened or used. Never carries credentials. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
