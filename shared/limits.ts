// In a module of its own, without zod, so that the widget's loader can clip values to the same
// limits without shipping the schemas.
// Chosen so that any body within these limits fits LIMITS.body even in the worst case (every
// character of the free-text fields a 3-byte Japanese one, URLs at full length): a visitor's
// valid form can never be refused with a 413.
/** Each UTM value, characters (its own constant: the widget's loader needs only this one). */
export const UTM_MAX = 100;

/**
 * Fewer milliseconds than this from the form being shown to its submission is a bot's (the
 * collector's trap, worker/middleware/bot-trap.ts): people need longer to type an e-mail address
 * (autofill included, a person still reads and clicks). The widget never sends sooner.
 */
export const MIN_FILL_MS = 1500;

export const LIMITS = {
  email: 254,
  name: 100,
  company: 100,
  message: 2000,
  preferredTime: 100,
  resourceId: 100,
  url: 2048,
  utm: UTM_MAX,
  locale: 35,
  /** Attribution touches keep the landing page as origin + path, never the query string. */
  touchUrl: 512,
  /** Hidden fields (data-hidden-* on the marked element): at most this many, names and values this long. */
  hiddenFields: 10,
  hiddenName: 40,
  hiddenValue: 100,
  hp: 200,
  consentVersion: 40,
  /** Turnstile tokens are up to 2048 characters (Cloudflare's siteverify documentation). */
  turnstileToken: 2048,
  /**
   * Whole request body, bytes: above the largest valid body (every field, both attribution
   * touches and the hidden fields at their limits; test/unit/body-limit.test.ts checks it fits).
   */
  body: 32 * 1024,
} as const;
