/**
 * Who is speaking to the bot. Read from what people write ("我是他同事", "我老公借的",
 * "我爸去世了"), kept in the conversation state and used to answer in that person's voice.
 */

/** Speaker roles, as the knowledge files name them. */
export const SPEAKER_ROLES = ['borrower', 'family', 'spouse', 'contact', 'guarantor', 'heir'] as const;

/**
 * - borrower: took the loan.
 * - family: a parent, child, sibling or other relative who did not sign.
 * - spouse: husband or wife of the borrower (夫妻共同债务 may matter).
 * - contact: a colleague, friend, emergency contact or stranger whose number was used.
 * - guarantor: signed a guarantee (保证人/担保人).
 * - heir: the borrower has died; the speaker may inherit.
 */
export type SpeakerRole = (typeof SPEAKER_ROLES)[number];

/** How a reply names a role to the person, e.g. in "（按你是借款人的情况回答）". */
export const ROLE_NAMES: Readonly<Record<SpeakerRole, string>> = {
  borrower: '借款人本人',
  family: '借款人的家人',
  spouse: '借款人的配偶',
  contact: '借款人的同事、朋友或联系人',
  guarantor: '保证人',
  heir: '已故借款人的家属（可能的继承人）',
};

/**
 * The voice a role borrows when an entry has none of its own: a colleague, friend or stranger
 * (contact) did not sign, like a relative who did not sign, so the family answer fits them
 * ("你没签他的借款合同…"). A spouse, guarantor or heir never borrows: their law differs.
 */
export const VOICE_FALLBACK: Readonly<Partial<Record<SpeakerRole, SpeakerRole>>> = { contact: 'family' };
