/** Member- and admin-facing texts of the moderator toolkit, shared by every platform. */

/** Who counts as an admin, per platform (for the refusal). */
export type Platform = 'telegram' | 'discord';

/** A non-admin used an admin tool. */
export const NOT_ADMIN_TEXT = '抱歉，只有本群管理员才能使用这个功能。如需调整机器人的设置，请联系管理员。';
/** An admin tool used outside a group. */
export const GROUP_ONLY_TEXT = '这个命令只能在群组或服务器频道里使用。';
/** A settings change could not be stored. */
export const SAVE_FAILED_TEXT = '抱歉，设置没能保存（存储暂时不可用），请稍后再试。';
/** An old or unknown settings button. */
export const STALE_MENU_TEXT = '这个设置按钮已失效，请重新发送 /settings。';
/** The unanswered log could not be read. */
export const REPORT_FAILED_TEXT = '抱歉，暂时读不到未回答问题的记录，请稍后再试。';
/** Shown with an auto-answer (nobody asked the bot). */
export const AUTO_NOTE = '（自动回答：这条消息看起来和下面的话题有关。如果不相关请忽略；群管理员可以用 /settings 调整。）';
/** A member addressed the bot in a group where admins turned answers off (where a private note is possible). */
export const ANSWERS_OFF_TEXT = '本群管理员暂时关闭了机器人回答。你可以私聊我提问。';
/** Header of the `/faq` topic list. */
export const FAQ_LIST_TEXT = '可以查看这些话题的标准回答：点按钮，或发送 /faq 话题名（例如 /faq 投诉）。';
/** The unanswered report went to the admin privately (Telegram). */
export const REPORT_SENT_TEXT = '已把本群未回答问题的汇总私信发给你。';
/** The admin has not opened a private chat with the bot yet (Telegram). */
export const REPORT_DM_FAILED_TEXT = '我没法私信你：请先打开和我的私聊并发送 /start，然后再在群里发送 /unanswered。汇总只私信给管理员，不会发在群里。';

/** `/faq <query>` found nothing. */
export function faqNotFoundText(query: string): string {
  return `没有找到「${query}」这个话题（或本群没有开放它）。可以从下面选：`;
}

/** `/faq <query>` matched several topics. */
export function faqAmbiguousText(query: string): string {
  return `「${query}」可能是下面几个话题之一，请选一个：`;
}

/** The outcome of posting and pinning the welcome message. */
export type WelcomeResult = 'pinned' | 'not-pinned' | 'not-posted' | 'unpinned' | 'unpin-failed';

/** What to tell the admin after {@link WelcomeResult}. */
export function welcomeResultText(result: WelcomeResult, platform: Platform): string {
  const right = platform === 'telegram' ? '「置顶消息」管理员权限' : '「管理消息」（或「置顶消息」）权限';
  switch (result) {
    case 'pinned':
      return '已发送并置顶「机器人能做什么」的介绍。';
    case 'not-pinned':
      return `介绍已发送，但我没有${right}，所以没能置顶。授予权限后，在 /settings 里把「置顶介绍」关掉再打开即可。`;
    case 'not-posted':
      return '没能发送介绍消息：我可能没有在这里发言的权限。「置顶介绍」保持关闭。';
    case 'unpinned':
      return '已取消置顶介绍。';
    case 'unpin-failed':
      return '「置顶介绍」已关闭，但我没能取消置顶（可能缺少权限，或消息已被删除），可以手动取消。';
  }
}

/** The pinned "what this bot can do" message. */
export function welcomeText(platform: Platform): string {
  const how =
    platform === 'telegram'
      ? ['• 在群里 @我 写下问题，或发送 /ask 你的问题', '• 回复某位成员的消息并发送 /ask，我会回答那条消息', '• /faq 话题名：查看某个话题的标准回答；/topics：全部话题']
      : ['• 使用 /ask 提问（可以选择只有自己看得到），或在消息里 @我', '• 管理员可以在成员的消息上点「应用 → 用助手回答」', '• /faq 话题名：查看某个话题的标准回答；/topics：常见问题'];
  return [
    '📌 催收短信求助助手能做什么',
    '家人、朋友收到了催收短信或电话？我可以帮忙解答：',
    '• 这条短信是真是假，会不会是诈骗',
    '• 催收联系家人合不合法，去哪里投诉，怎么保存证据',
    '• 家人要不要替还，对征信有什么影响，怎么协商还款',
    '',
    '怎么用：',
    ...how,
    '• 个人情况（金额、号码等）请私聊我，不要发在群里',
    '',
    '以上是一般性信息，不是法律意见；具体情况可拨打 12348 公共法律服务热线。',
  ].join('\n');
}
