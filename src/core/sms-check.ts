/**
 * SMS check: recognizes a pasted or forwarded collection message (as opposed to a question
 * about one) and analyses it for scam signals and unlawful-collection signals. Pure and
 * data-free: it returns ids, a sanitized sender tag and masked numbers — never the message
 * text — so nothing personal can leak into a reply, a log or the conversation state. The
 * wording of the reply lives in `knowledge/_sms-check.yaml` (see `sms-reply.ts`).
 */
import { cleanText, createNormalizer } from '../matcher/normalize.js';
import { SMS_SIGNALS, SMS_VERDICTS, type SmsSignal, type SmsVerdict } from '../kb/sms-check-schema.js';
import { redactText } from '../redact.js';

export { SMS_SIGNALS, SMS_VERDICTS, type SmsSignal, type SmsVerdict };

/** Institutions a fake message claims to be (see {@link AUTHORITY_NAMES}). */
export const AUTHORITIES = ['court', 'procuratorate', 'police', 'lawyer', 'credit-center', 'chsi'] as const;
/** One of {@link AUTHORITIES}. */
export type Authority = (typeof AUTHORITIES)[number];

/** How a reply names the institution a message claims to be. */
export const AUTHORITY_NAMES: Readonly<Record<Authority, string>> = {
  court: '法院',
  procuratorate: '检察院',
  police: '公安',
  lawyer: '律师事务所',
  'credit-center': '征信中心',
  chsi: '学信网',
};

/** Signals that alone make a message a likely scam. */
export const STRONG_SCAM_SIGNALS: readonly SmsSignal[] = ['personal-account', 'credit-repair', 'cancel-account', 'fake-legal'];
/** Signals of collection practices that may break the law or the rules that bind some lenders. */
export const UNLAWFUL_SIGNALS: readonly SmsSignal[] = ['threat', 'insult', 'third-party', 'contact-blast', 'night'];

/** Whether a text looks like a pasted message, and how sure the detector is. */
export interface SmsDetection {
  /** True when the detector is confident the text is a pasted collection message. */
  isSms: boolean;
  /** Marker score minus question penalties (diagnostic). */
  score: number;
  /** 0..1, for logs and the reply's confidence. */
  confidence: number;
}

/** The analysis of one message. Holds no message text except the sanitized sender tag. */
export interface SmsAnalysis {
  verdict: SmsVerdict;
  /** Signals found, in {@link SMS_SIGNALS} order, without duplicates. */
  signals: SmsSignal[];
  /** The sender tag literally present in the text (e.g. the name inside 【…】), sanitized; never guessed. */
  sender?: string;
  /** Clock times in the night window (22:00–8:00) mentioned in the text, e.g. "23:40". */
  nightTimes: string[];
  /** Phone numbers found in the text, masked (at most 3). */
  phones: string[];
  /** The institution the message claims to speak for, when it shows the signs of a fake. */
  authority?: Authority;
}

/** Longest text examined; a pasted SMS is far shorter. */
const MAX_CHARS = 3000;
/** Shorter texts are never treated as a pasted message. */
const MIN_CHARS = 18;
/** Score from which the detector is confident. */
const THRESHOLD = 5;

const normalize = createNormalizer();

/** Normalized form used by the detector and analyser: NFKC, Simplified, lower case. */
function prepare(text: string): string {
  return normalize(text.slice(0, MAX_CHARS));
}

// ---- Detection markers (on normalized text: full-width punctuation is already half-width) ----

const SENDER_TAG = /【[^【】]{2,20}】/u;
const FORMAL_OPENING = /尊敬的|温馨提示|^(\S{0,6})?(通知|提醒)[:：]/u;
const YOUR_DEBT = /(您|你)(的|在|于|名下|尾号|本人)[^。!?,，]{0,14}(借款|欠款|贷款|账单|账户|信用卡|分期|款项|逾期|欠费)/u;
const COMPANY_VOICE = /我司|本公司|我行|本行|我平台|本平台|我方|本中心|我中心|贵方/u;
const DEADLINE =
  /请(于|在|务必|尽快|立即|马上|及时)|(前|之前|以前)(还款|处理|结清|缴清|还清|联系|回电|核实)|逾期(将|会)|否则(将|会)?|限你|24小时内|今日内|当天内|再不(还|处理|联系|回)|不还(钱|款)?(就|的话)/u;
const OPT_OUT = /退订|回t|回复t|拒收|回复td|回td/u;
const AMOUNT = /\d[\d,]*(\.\d+)?\s*(元|块|万)/u;
const DATE_TIME = /\d{1,2}月\d{1,2}[日号]|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\d{1,2}:\d{2}|\d{1,2}(点|时)(前|之前)/u;
const URL = /https?:\/\/|www\.|[a-z0-9-]+\.(com|cn|net|top|xyz|cc|vip|info|org|me|ly)(\/|\b)|t\.cn\//u;
const PHONE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)|(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)|(?<!\d)400[ -]?\d{3}[ -]?\d{4}(?!\d)|(?<![\d.,])95\d{3,4}(?![\d.,元块万])/gu;
const LEGAL_PRESSURE = /上门|起诉|立案|诉讼|法务|律师|强制执行|拘留|传票|上报征信|征信|黑名单|法律程序|司法/u;
const THIRD_PARTY =
  /请?转告|转达|督促(其|他|她)|告知(其|他|她)|(其|他|她)本人|作为(其|他|她)?的?(紧急)?联系人|紧急联系人|您的(儿子|女儿|孩子|父亲|母亲|丈夫|妻子|老公|老婆|家人|亲属|朋友|同事|哥哥|姐姐|弟弟|妹妹)|家属|亲属您好|联系人您好/u;
const HOSTILE = /老赖|后果自负|走着瞧|等着瞧|让你好看|全家|曝光|欠钱不还|不要脸/u;
const COLLECTION_WORD = /还款|还钱|欠款|逾期|借款|欠费|账单|结清|催收/u;

/** Phrases of someone asking about a message rather than pasting one. */
const USER_QUESTION =
  /怎么办|咋办|咋整|是真的吗|是假的吗|真的假的|是不是真的|合法吗|违法吗|犯法吗|是诈骗吗|是骗子吗|靠谱吗|有用吗|该怎么|我该|我应该|我要不要|我需要|(会不会|能不能)(影响|坐牢|起诉|被|上|找)|怎么(处理|回|核实|判断|看|投诉|应对)|什么意思|帮我(看看|分析)|请问|想问/u;
/** The user telling a story: "我妈收到…", "我家…". */
const USER_NARRATIVE =
  /我(妈|爸|家|老婆|老公|儿子|女儿|父母|爸妈|朋友|同事|哥|姐|弟|妹)|(收到|接到)(了)?(一条|几条|好多|很多|一些)?(短信|电话|信息|消息)/u;
/** "我" that is not a company speaking (我司, 我行, 我们 …). */
const FIRST_PERSON = /我(?![司行们方平中处])/gu;

/** Score from which a text the person received (forwarded, or read from a screenshot) counts as a message. */
const RECEIVED_THRESHOLD = 3;

/**
 * Decides whether `text` is a pasted collection message. `received`: the text is known to be a
 * message the person got (forwarded, or read from a screenshot), so weaker evidence suffices.
 * Never throws.
 */
export function detectSms(text: string, options: { received?: boolean } = {}): SmsDetection {
  const t = prepare(text);
  if ([...t].length < MIN_CHARS) return { isSms: false, score: 0, confidence: 0 };
  let score = 0;
  if (SENDER_TAG.test(t)) score += 3;
  if (FORMAL_OPENING.test(t)) score += 2;
  if (YOUR_DEBT.test(t)) score += 2;
  if (COMPANY_VOICE.test(t)) score += 2;
  if (DEADLINE.test(t)) score += 2;
  if (OPT_OUT.test(t)) score += 2;
  if (THIRD_PARTY.test(t)) score += 1;
  if (AMOUNT.test(t)) score += 1;
  if (DATE_TIME.test(t)) score += 1;
  if (URL.test(t)) score += 1;
  if (new RegExp(PHONE.source, 'u').test(t)) score += 1;
  if (LEGAL_PRESSURE.test(t)) score += 1;
  const hostile = (t.match(new RegExp(HOSTILE.source, 'gu')) ?? []).length;
  if (hostile > 0 && COLLECTION_WORD.test(t)) score += Math.min(hostile, 3);
  // Penalties: questions and first-person stories are questions about a message.
  let penalty = 0;
  if (USER_QUESTION.test(t)) penalty += 4;
  if (USER_NARRATIVE.test(t)) penalty += 2;
  if ((t.match(FIRST_PERSON) ?? []).length >= 2) penalty += 2;
  const net = score - penalty;
  const threshold = options.received === true ? RECEIVED_THRESHOLD : THRESHOLD;
  return { isSms: net >= threshold, score: net, confidence: Math.max(0, Math.min(1, net / 10)) };
}

// ---- Analysis ----

/** Police, prosecutors, courts and criminal words. */
const LEGAL_AUTHORITY =
  /公安(局|机关)?|警方|民警|刑警|经侦|立案侦查|拘留|逮捕|通缉|传票|涉嫌(诈骗|犯罪)|刑事(责任|案件|立案)|检察院|人民法院/u;
/** A demand to pay a fee or to pay into an account (not just "please repay"). */
const PAY_DEMAND = /缴纳|缴清|交纳|罚款|保证金|诉讼费|手续费|指定(账户|账号)|(转|汇|打)(账|款|钱)|个人(账户|账号)|安全账户/u;

const SIGNAL_PATTERNS: ReadonlyArray<[SmsSignal, RegExp]> = [
  ['link', URL],
  [
    'personal-account',
    /个人(账户|账号|银行卡|卡号)|私人(账户|账号)|指定(账户|账号)|安全账户|(转|打|汇|存)(账|款|钱)?(到|至|进|入)[^。!,，]{0,10}(卡|账户|账号|微信|支付宝)|还(款|钱)?(到|至|进|入)[^。!,，]{0,10}(个人|私人|微信|支付宝|vx|wx)|(微信|支付宝|vx|wx)[^。!,，]{0,6}(转账|付款|还款|收款|扫码)|(加|添加)[^。!,，]{0,4}(微信|vx|wx|qq)|户名/u,
  ],
  ['credit-repair', /征信修复|修复征信|信用修复|洗白|消除(逾期|不良)(记录)?|删除(逾期|不良)(记录)?|征信(清理|消除)/u],
  ['cancel-account', /注销(校园贷|学生|账户|账号|网贷|贷款)|校园贷|学生(账户|贷)/u],
  ['fake-legal', LEGAL_AUTHORITY],
  ['threat', /后果自负|走着瞧|等着瞧|让你好看|弄死|打断|找人(去|来)|全家|不得安宁|身败名裂|社死|曝光|(去|到|上)(你|您)(家|单位|公司|学校|老家|村)/u],
  ['insult', /老赖|不要脸|畜生|人渣|废物|王八|狗东西|死全家|(你|您)(这个|这种|个)?(骗子|无赖|垃圾|废物)/u],
  ['third-party', THIRD_PARTY],
  ['contact-blast', /爆通讯录|通讯录|(所有|全部)(的)?(联系人|亲友|朋友|好友|同事)|亲朋好友|(发|告诉|通知)(给)?(你|您)的?(所有)?(亲友|朋友|同事|家人|领导)/u],
  ['visit', /上门|外访|实地|拜访|走访|(去|到)(你|您)(家|单位|公司|老家|户籍)/u],
  ['lawsuit-claim', /起诉|诉讼|立案|法院|律师函|法务|法律程序|强制执行|仲裁|公安|警方|拘留|逮捕|刑事|坐牢|传票/u],
  ['credit-claim', /征信|信用记录|黑名单|信用报告/u],
];

/** Clock times: 23:40, 23点40, 晚上11点, 凌晨2点. */
const CLOCK = /(凌晨|深夜|半夜|晚上|夜里|早上|上午|下午)?\s*(?<![\d.])(\d{1,2})(?::|点|时)(\d{2})?(分)?/gu;
/** A clock time that is a deadline, not when something happened ("18:00前"). */
const DEADLINE_AFTER = /^\s*(前|之前|以前|截止)/u;

/** Generic headers inside 【…】 that are not a sender's name. */
const GENERIC_TAG = /^(催收|重要|紧急|最后|还款|逾期|法务|温馨)?(通知|提示|提醒|告知|警告|公告|通告|函)$/u;

/** Analyses a message. Pure; never throws; never returns any part of the text but the sanitized sender tag. */
export function analyseSms(text: string): SmsAnalysis {
  const t = prepare(text);
  const found = new Set<SmsSignal>();
  for (const [signal, re] of SIGNAL_PATTERNS) if (re.test(t)) found.add(signal);
  // Police/court words are a fake claim only together with a demand to pay money somewhere.
  if (found.has('fake-legal') && !PAY_DEMAND.test(t)) found.delete('fake-legal');
  // A visit threatened together with hostility is a threat.
  if (found.has('visit') && /否则|不然|再不|如果不|若不/u.test(t) && found.has('insult')) found.add('threat');
  const nightTimes = nightClockTimes(t);
  if (nightTimes.length > 0) found.add('night');
  const phones = maskedPhones(cleanText(text.slice(0, MAX_CHARS)));
  if (phones.length > 0) found.add('phone');
  const authority = fakeAuthority(t, found);
  if (authority) {
    found.add('fake-authority');
    found.delete('fake-legal');
  }
  const signals = SMS_SIGNALS.filter((s) => found.has(s));
  const sender = senderTag(t);
  return { verdict: verdictOf(signals), signals, ...(sender ? { sender } : {}), nightTimes, phones, ...(authority ? { authority } : {}) };
}

// ---- Fake authorities (legal-facts.md §9 and the public anti-fraud guidance it cites) ----

/** The message speaks as the institution (not "we may sue you in court"). */
const AUTHORITY_CLAIMS: ReadonlyArray<[Authority, RegExp]> = [
  ['court', /【[^】]*(法院|法庭)[^】]*】|(人民)?法院(通知|提醒|告知|公告|执行局|立案庭)|书记员|(承办|主审)?法官|执行局|本院|我院/u],
  ['procuratorate', /【[^】]*检察院[^】]*】|检察院(通知|提醒|告知)|检察官|本院检察/u],
  ['police', /【[^】]*(公安|警方|派出所|刑警|经侦|网警)[^】]*】|(公安局|派出所|警方|刑警|经侦|网警)(大队|支队|中队)?(通知|提醒|告知|已|将)|民警|警官|本局/u],
  ['lawyer', /【[^】]*律师[^】]*】|律师事务所|律所(通知|告知)|(我|本)所律师/u],
  ['credit-center', /【[^】]*征信[^】]*】|征信(中心|管理中心|管理局)(通知|提醒|告知)?|人民银行征信/u],
  ['chsi', /学信网/u],
];
/** A personal way to reach "the institution": a mobile number (also masked, 185****1234), QQ or WeChat. */
const PERSONAL_CONTACT = /(?<!\d)1[3-9]\d[ -]?(\d{4}|\*{4})[ -]?\d{4}(?!\d)|qq|微信|vx|wx|加(我|好友)/u;
/** A deadline counted in hours. */
const DEADLINE_HOURS = /([0-9]+|[一二两三四五六七八九十]+)\s*(个)?\s*(小时|钟头)(内|之内|以内|前)|限时|今日\s*[0-9]{1,2}\s*(点|时|:)/u;
/** A threat to freeze accounts. */
const FREEZE = /冻结(你|您)?(名下|的)?(所有|全部|一切)?(的)?(账户|账号|银行卡|资产|财产|存款|支付宝|微信|资金)/u;
/** Names of institutions that do not exist (the national court is the 最高人民法院). */
const NONEXISTENT = /中国人民法院|(国家|全国)(催收|债务|逾期|征信修复)(管理)?(中心|局|委员会)/u;

/**
 * The institution a message claims to be, when it shows a fake's signs: a personal number, QQ
 * or WeChat, hours to act, frozen accounts, a "safe account", a link, 注销校园贷, 征信修复, or
 * a name no institution has. A lawyer's letter needs more than a mobile number (law firms do
 * collect debts): hours, freezing, a transfer, QQ/WeChat or a link. Adds the hour and freeze signals to `found`.
 */
function fakeAuthority(t: string, found: Set<SmsSignal>): Authority | undefined {
  if (DEADLINE_HOURS.test(t)) found.add('deadline-hours');
  if (FREEZE.test(t)) found.add('freeze-accounts');
  const claimed = AUTHORITY_CLAIMS.find(([, re]) => re.test(t))?.[0];
  if (claimed === undefined) return undefined;
  const strong = ['deadline-hours', 'freeze-accounts', 'personal-account', 'link', 'cancel-account', 'credit-repair'].some((s) => found.has(s as SmsSignal));
  const personal = PERSONAL_CONTACT.test(t);
  const nonexistent = NONEXISTENT.test(t);
  if (claimed === 'lawyer') return strong || nonexistent || /qq|微信|vx|wx/u.test(t) ? claimed : undefined;
  return strong || personal || nonexistent ? claimed : undefined;
}

/** The verdict for a set of signals (exported for tests). */
export function verdictOf(signals: readonly SmsSignal[]): SmsVerdict {
  if (signals.includes('fake-authority')) return 'fake-authority';
  if (signals.some((s) => STRONG_SCAM_SIGNALS.includes(s))) return 'likely-scam';
  if (signals.includes('link')) return 'suspicious';
  if (signals.some((s) => UNLAWFUL_SIGNALS.includes(s))) return 'unlawful';
  return 'reminder';
}

function nightClockTimes(t: string): string[] {
  const out: string[] = [];
  for (const m of t.matchAll(CLOCK)) {
    const [whole, period, h, min] = m;
    let hour = Number(h);
    const minute = min === undefined ? 0 : Number(min);
    if (hour > 24 || minute > 59) continue;
    // "18:00" written as a date part, e.g. 2026-11-28 is not a clock; require ':' or 点/时.
    if (period === '晚上' || period === '夜里' || period === '下午') hour = hour < 12 ? hour + 12 : hour;
    if (period === undefined && !whole.includes(':')) continue;
    const rest = t.slice((m.index ?? 0) + whole.length);
    if (DEADLINE_AFTER.test(rest)) continue;
    const night = hour >= 22 || hour < 8 || period === '凌晨' || period === '深夜' || period === '半夜';
    if (night) out.push(`${String(hour % 24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  }
  return [...new Set(out)].slice(0, 3);
}

function maskedPhones(cleaned: string): string[] {
  const out: string[] = [];
  for (const m of cleaned.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    // Short service numbers (95xxx) are public; everything else is masked.
    out.push(digits.length <= 6 ? digits : mask(digits));
  }
  return [...new Set(out)].slice(0, 3);
}

/** Keeps the first 3 and last 4 digits of a long number (never the full number). */
function mask(digits: string): string {
  const d = digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

function senderTag(t: string): string | undefined {
  for (const m of t.matchAll(/【([^【】]{2,20})】/gu)) {
    const name = sanitizeName(m[1]);
    if (name !== undefined && !GENERIC_TAG.test(name)) return name;
  }
  return undefined;
}

/**
 * A sender name safe to echo: Han characters, Latin letters and digits only (no markup, no
 * links), digit runs masked, at most 16 characters, at least two Han characters.
 */
function sanitizeName(raw: string): string | undefined {
  const kept = [...raw.replace(/[^\p{Script=Han}a-z0-9·]/gu, '')].slice(0, 16).join('');
  const masked = redactText(kept).replace(/\d{3,}/gu, (d) => '*'.repeat(Math.min(d.length, 4)));
  const han = (masked.match(/\p{Script=Han}/gu) ?? []).length;
  return han >= 2 ? masked : undefined;
}
