/**
 * Loads the law data (`knowledge/law/<law>.yaml`) and the contact channels
 * (`knowledge/_contacts.yaml`), validated by the schemas in law-schema.ts. A bad file stops
 * loading with a {@link KnowledgeError} naming the file and field.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { KnowledgeError } from './errors.js';
import { ChannelsFileSchema, LawSchema, type Channel, type Law } from './law-schema.js';
import { validateYaml } from './yaml-file.js';

/** The law files under `knowledgeDir/law/`, sorted. */
export function lawFiles(knowledgeDir: string): string[] {
  const dir = join(knowledgeDir, 'law');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** Every law, by id. */
export function loadLaws(knowledgeDir: string): Map<string, Law> {
  const laws = new Map<string, Law>();
  for (const file of lawFiles(knowledgeDir)) {
    const law = validateYaml(LawSchema, file);
    if (law.id !== basename(file, '.yaml')) {
      throw new KnowledgeError('KB_INVALID', `${file}: id "${law.id}" must match the file name`, file);
    }
    laws.set(law.id, law);
  }
  return laws;
}

/** Every contact channel, by id. */
export function loadChannels(knowledgeDir: string): Map<string, Channel> {
  const file = join(knowledgeDir, '_contacts.yaml');
  const channels = new Map<string, Channel>();
  for (const c of validateYaml(ChannelsFileSchema, file).channels) {
    if (channels.has(c.id)) throw new KnowledgeError('KB_INVALID', `${file}: channel id "${c.id}" appears twice`, file);
    channels.set(c.id, c);
  }
  return channels;
}
