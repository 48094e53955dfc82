/**
 * A strict checker for the Telegram HTML the bot sends: only known tags, properly nested,
 * every `&` an entity, no bare `<` or `>`. Returns the decoded plain text.
 */
const TAGS = new Set(['b', 'i', 'code', 'pre']);
const ENTITY = /^&(lt|gt|amp|quot);/;

/** Parses `html`; throws an Error describing the first problem. */
export function parseTelegramHtml(html: string): { text: string; tags: string[] } {
  const stack: string[] = [];
  const tags: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const m = /^<(\/?)([a-z]+)>/.exec(html.slice(i));
      if (!m || !TAGS.has(m[2])) throw new Error(`bad tag at ${i}: ${JSON.stringify(html.slice(i, i + 20))}`);
      if (m[1] === '/') {
        const open = stack.pop();
        if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open ?? 'nothing'}> at ${i}`);
      } else {
        if (stack.length > 0 && (stack.includes('pre') || stack.includes('code'))) throw new Error(`tag inside pre/code at ${i}`);
        stack.push(m[2]);
        tags.push(m[2]);
      }
      i += m[0].length;
    } else if (ch === '&') {
      const m = ENTITY.exec(html.slice(i));
      if (!m) throw new Error(`bare & at ${i}`);
      text += { lt: '<', gt: '>', amp: '&', quot: '"' }[m[1] as 'lt' | 'gt' | 'amp' | 'quot'];
      i += m[0].length;
    } else if (ch === '>') {
      throw new Error(`bare > at ${i}`);
    } else {
      text += ch;
      i += 1;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return { text, tags };
}
