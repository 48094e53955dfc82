/** Minimal module declarations for the nlp.js packages the benchmark compares against. */
declare module '@nlpjs/basic' {
  export function dockStart(options: unknown): Promise<unknown>;
}
declare module '@nlpjs/lang-zh' {
  export const LangZh: unknown;
}
