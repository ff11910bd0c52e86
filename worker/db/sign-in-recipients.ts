// Who a sign-in link asked for by mail goes to (POST /auth/mail-link): a member of at least one
// site, with the language of their mail and the site whose mail log records it. In the directory
// database, beside the members.
export interface SignInRecipient {
  memberId: string;
  email: string;
  /** The member's language on the site below, else the site's. */
  language: "ja" | "en";
  /** The site the link is asked for and whose mail log shows the mail: the first the person joined. */
  siteId: string;
}

/** The member with this normalised address, or null when there is none or they are on no site. */
export async function signInRecipient(directory: D1Database, email: string): Promise<SignInRecipient | null> {
  return directory
    .prepare(
      `SELECT m.id AS memberId, m.email, coalesce(sm.language, s.language) AS language, sm.site_id AS siteId
       FROM members m JOIN site_members sm ON sm.member_id = m.id JOIN sites s ON s.id = sm.site_id
       WHERE m.email = ? ORDER BY sm.created_at, sm.site_id LIMIT 1`,
    )
    .bind(email)
    .first<SignInRecipient>();
}
