/**
 * Fixed interface texts of the Discord handlers (errors, stale buttons, refusals, busy
 * channels), in one place so the handler modules and the tests share them.
 */

/** Shown (ephemerally where possible) when a handler fails. */
export const ERROR_TEXT = '抱歉，出了点问题，请稍后再试。如果情况紧急，可以拨打 12348 公共法律服务热线。';
/** `/forget` succeeded. */
export const FORGET_OK_TEXT = '已删除我保存的你的对话记录（所有频道和私信）。之后的提问会从头开始。';
/** `/forget` failed (store unreachable). */
export const FORGET_FAILED_TEXT = '抱歉，暂时没能删除你的对话记录，请稍后再试一次 /forget。';
/** A button whose custom id is unknown or malformed. */
export const STALE_BUTTON_TEXT = '这个按钮已经失效了（可能是旧消息上的）。可以用 /topics 重新选择，或用 /ask 直接提问。';
/** A command this version does not know (e.g. registered by an older deploy). */
export const UNKNOWN_COMMAND_TEXT = '这个命令已经不再使用了。可以用 /ask 提问，或用 /topics 查看我能回答的问题。';
/** A moderator-only button pressed by someone else. */
export const MOD_ONLY_TEXT = '只有可以管理消息的成员才能使用这个功能。';
/** The context menu used outside a server. */
export const GUILD_ONLY_TEXT = '这个功能只能在服务器频道里使用。';
/** The context menu used on a bot's message. */
export const BOT_TARGET_TEXT = '这是机器人发的消息，不需要我来回答。请对成员的提问使用「用助手回答」。';
/** The public answer could not be posted. */
export const POST_FAILED_TEXT = '没能在频道里发送回答：我可能缺少在这个频道发言、嵌入链接或查看历史消息的权限。';
/** Put above an answer that would have been public, when the channel has had enough answers for now. */
export const CHANNEL_BUSY_NOTE = '这个频道里刚刚的回答有点多，为了不刷屏，这次的回答只有你能看到。';
/** A moderator's pick refused because the channel has had enough answers for now. */
export const MOD_BUSY_TEXT = '这个频道里刚刚的回答有点多，为了不刷屏，请过一分钟再选。';
