/** Start-up failure handling shared by the CLIs. */
import { KnowledgeError } from '../kb/errors.js';

/** Runs `load`; on a {@link KnowledgeError} prints its message to stderr and exits 1. */
export function exitOnKnowledgeError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof KnowledgeError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
