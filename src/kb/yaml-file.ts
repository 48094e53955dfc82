/** Reading one YAML data file and validating it with a zod schema, with errors that name the file and field. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from './errors.js';

/** A path as shown in messages: relative to the working directory when possible. */
export function showPath(file: string): string {
  return relative(process.cwd(), file) || file;
}

/** Parses a YAML file; throws {@link KnowledgeError} naming the file when it is unreadable or invalid YAML. */
export function readYaml(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new KnowledgeError('KB_UNREADABLE', `${showPath(file)}: cannot be read`, file, { cause });
  }
  try {
    return parse(raw);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new KnowledgeError('KB_INVALID', `${showPath(file)}: not valid YAML: ${msg}`, file, { cause });
  }
}

/** Reads `file` and validates it; throws {@link KnowledgeError} naming the file and every bad field. */
export function validateYaml<T>(schema: z.ZodType<T>, file: string): T {
  const result = schema.safeParse(readYaml(file));
  if (!result.success) {
    throw new KnowledgeError('KB_INVALID', `${showPath(file)} is invalid:\n${z.prettifyError(result.error)}`, file, {
      cause: result.error,
    });
  }
  return result.data;
}
