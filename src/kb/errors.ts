/** Error codes raised while loading the knowledge base. */
export type KnowledgeErrorCode = 'KB_UNREADABLE' | 'KB_INVALID' | 'KB_INCONSISTENT';

/** A knowledge file is missing, malformed, or inconsistent with the others. Names the file. */
export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';
  constructor(
    readonly code: KnowledgeErrorCode,
    message: string,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
