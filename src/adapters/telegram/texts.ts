/**
 * Fixed interface texts of the Telegram bot (plain text; escaped when sent) and the command
 * list registered with `setMyCommands`.
 */

/** First paragraph of `/start`. */
export const WELCOME_TEXT =
  '你好，我是催收短信求助助手。不管你是借款人，还是收到催收短信、电话的家人朋友，都可以直接打字描述情况，或者点下面的按钮。\n为了保护隐私，请不要发送身份证号、银行卡号、手机号等个人信息。';

/** `/help`. */
export const HELP_TEXT = [
  '直接打字提问就行，比如“家人收到催收短信怎么办”“催收联系我爸妈合法吗”。',
  '',
  '/topics 查看全部话题',
  '/forget 删除我保存的对话记录',
  '/start 回到主菜单',
  '',
  '在群里：@我 并写下问题，回复我的消息，或发送 /ask 你的问题。回复别人的消息并发送 /ask，我会回答那条消息。',
].join('\n');

/** Title of the `/topics` list. */
export const TOPICS_TEXT = '全部话题：点一个按钮查看详细回答，也可以直接打字提问。';

/** `/forget` succeeded. */
export const FORGET_DONE_TEXT = '已删除我保存的关于你的对话记录。';

/** `/forget` could not reach the store. */
export const FORGET_FAILED_TEXT = '抱歉，暂时没能删除你的对话记录，请稍后再试一次。';

/** `/ask` with nothing to answer. */
export const ASK_USAGE_TEXT = '用法：/ask 你的问题。也可以回复某条消息并发送 /ask，我会回答那条消息。';

/** A handler failed. */
export const SORRY_TEXT = '抱歉，我这边出了点问题，请稍后再试一次。';

/** Toast shown when a group has had as many answers as Telegram allows for now. */
export const GROUP_BUSY_TEXT = '群里刚刚的回答有点多，请过一分钟再点，或者私聊我。';

/** Toast shown when an old or unknown button is pressed. */
export const STALE_BUTTON_TEXT = '这个按钮已失效，请重新选择。';

/** One command for `setMyCommands`. */
export interface CommandText {
  command: string;
  description: string;
}

/** Commands in Chinese (language_code `zh`). */
export const COMMANDS_ZH: readonly CommandText[] = [
  { command: 'start', description: '开始 / 主菜单' },
  { command: 'topics', description: '全部话题' },
  { command: 'ask', description: '提问（群里用：/ask 你的问题）' },
  { command: 'help', description: '使用说明' },
  { command: 'forget', description: '删除我的对话记录' },
];

/** Commands in English (the default for every other language). */
export const COMMANDS_EN: readonly CommandText[] = [
  { command: 'start', description: 'Start / main menu (answers in Chinese)' },
  { command: 'topics', description: 'All topics' },
  { command: 'ask', description: 'Ask a question (in groups: /ask your question)' },
  { command: 'help', description: 'How to use this bot' },
  { command: 'forget', description: 'Delete my conversation data' },
];
