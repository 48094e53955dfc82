/**
 * Platform-neutral rules for public groups/servers, shared by the Telegram and Discord adapters.
 */
import { redactText } from '../redact.js';

/** Why a group message reached the bot. */
export interface GroupTrigger {
  /** The bot was @-mentioned. */
  mentioned: boolean;
  /** The message replies to one of the bot's messages. */
  replyToBot: boolean;
  /** An explicit command such as /ask. */
  command: boolean;
}

/** In groups the bot answers only when addressed (auto-answer is a per-group setting). */
export function shouldAnswerInGroup(t: GroupTrigger): boolean {
  return t.mentioned || t.replyToBot || t.command;
}

const FIRST_PERSON_DEBT =
  /我(已经|都)?(欠|逾期|借了|借的|还不上|还不起)|我的(借款|欠款|征信|额度|账单|合同|身份证|银行卡)|(欠|逾期|借)了?\s*\d|\d+\s*(元|块|万|千|天没还|个月)/u;

/**
 * True when a group message carries personal details (numbers, amounts, one's own debt):
 * the bot still answers, and gently suggests continuing in a private chat.
 */
export function isPersonal(text: string): boolean {
  return redactText(text) !== text || FIRST_PERSON_DEBT.test(text);
}

/** The gentle private-chat suggestion. `link` is a deep link or a "DM me" hint. */
export function privateSuggestion(link?: string): string {
  const where = link ? `私聊我（${link}）` : '私信我';
  return `你的问题涉及个人情况。为了保护隐私，建议在群里不要发手机号、身份证号、欠款金额等信息，可以${where}继续聊。`;
}

/** Reply kinds answered to someone in crisis (and the supportive turns after it). */
export function isCrisisReply(kind: string): boolean {
  return kind === 'crisis' || kind === 'support';
}

/**
 * In a group, a crisis is answered publicly with the help lines and an offer to talk in
 * private — and the person's words are never repeated. `note` is the knowledge base's offer
 * (`_safety.yaml` crisis.groupNote); `link` a deep link to the private chat, if there is one.
 */
export function crisisGroupNote(note: string, link?: string): string {
  return link ? `${note}（${link}）` : note;
}
