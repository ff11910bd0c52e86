// In a module of its own, without zod, so that the widget's loader can clip values to the same
// limits without shipping the schemas.
// Chosen so that any body within these limits fits LIMITS.body even in the worst case (every
// character of the free-text fields a 3-byte Japanese one, URLs at full length): a visitor's
// valid form can never be refused with a 413.
export const LIMITS = {
  email: 254,
  name: 100,
  company: 100,
  message: 2000,
  preferredTime: 100,
  resourceId: 100,
  url: 2048,
  utm: 100,
  locale: 35,
  /** Whole request body, bytes. */
  body: 16 * 1024,
} as const;
