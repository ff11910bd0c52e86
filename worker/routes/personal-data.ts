import type * as z from "zod/mini";
import { ErasureSchema, PersonalDataExportSchema, PersonRefSchema } from "../../shared/api-privacy.ts";
import { orm } from "../db/orm.ts";
import { type ErasureRecord, erasePerson, exportPerson, findPerson, type PersonRef } from "../db/personal-data.ts";
import { authorOf } from "../lib/actor.ts";
import { ApiError } from "../lib/api-error.ts";
import { isoTime, presentContactRef, presentInquiry, presentLeadActivity } from "../present/records.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/**
 * A person's data (APPI / GDPR requests): export and erasure, with a `write` key. POST with the
 * person in the body, not in the URL, so e-mail addresses stay out of access logs.
 */
export const personalData = teamRoutes();
personalData.use("*", requireRole("admin"));

/** The body names exactly one of email / contactId; a 400 says so otherwise. */
function personRef(body: z.infer<typeof PersonRefSchema>): PersonRef {
  if (body.email !== undefined && body.contactId === undefined) return { email: body.email };
  if (body.contactId !== undefined && body.email === undefined) return { contactId: body.contactId };
  const reason = "give exactly one of email and contactId";
  throw new ApiError(400, "invalid_body", "Name the person by e-mail or by contact id.", {
    email: reason,
    contactId: reason,
  });
}

const describeExport = describeRoute({
  summary: "Export everything stored about one person (by e-mail or contact id) as JSON",
  tags: ["personal data"],
  responses: { 200: { description: "The person's data.", schema: PersonalDataExportSchema } },
  errors: [400, 404, 413, 415],
});

personalData.post("/export", describeExport, jsonBody, validate("json", PersonRefSchema), async (c) => {
  const ref = personRef(c.req.valid("json"));
  const db = orm(c.var.db);
  const contact = await findPerson(db, c.var.site.id, ref);
  if (!contact) {
    const field = "email" in ref ? "email" : "contactId";
    throw new ApiError(404, "not_found", "No one with this e-mail or contact id on this site.", {
      [field]: `no contact with this ${field === "email" ? "e-mail" : "id"} on this site`,
    });
  }
  const data = await exportPerson(db, c.var.site.id, contact.id);
  const summary = {
    id: contact.id,
    email: contact.email,
    name: contact.name,
    company: contact.company,
    verifiedAt: contact.emailVerifiedAt,
  };
  return c.json({
    exportedAt: isoTime(Date.now())!,
    contact: {
      ...presentContactRef(summary),
      createdAt: isoTime(contact.createdAt)!,
      updatedAt: isoTime(contact.updatedAt)!,
    },
    // Each record with its contact as the lists show it: the name and company typed with it.
    leads: data.leads.map((l) => ({
      ...presentLeadActivity(l),
      contact: presentContactRef({ ...summary, name: l.typedName, company: l.typedCompany }),
    })),
    inquiries: data.inquiries.map((i) =>
      presentInquiry({ ...i, contact: { ...summary, name: i.typedName, company: i.typedCompany } }),
    ),
    followUpHistory: data.history.map((h) => ({
      inquiryId: h.inquiryId,
      field: h.field,
      from: h.fromValue,
      to: h.toValue,
      at: isoTime(h.changedAt)!,
      apiKeyId: h.apiKeyId,
      memberId: h.memberId,
    })),
    submissions: data.submissions.map((s) => ({
      submissionId: s.submissionId,
      kind: s.kind,
      recordId: s.recordId,
      receivedAt: isoTime(s.createdAt)!,
      // What this submission said (the contact keeps its first name and company: docs/decisions/0005-deduplication-choices.md).
      name: s.name,
      company: s.company,
      consent:
        s.consentVersion === null
          ? null
          : { version: s.consentVersion, privacyUrl: s.consentPrivacyUrl, at: isoTime(s.createdAt)! },
    })),
  });
});

/** An erasure record as the API shows it. */
export const presentErasure = (e: ErasureRecord): z.infer<typeof ErasureSchema> => ({
  id: e.id,
  reason: e.reason,
  erasedAt: isoTime(e.erasedAt)!,
  apiKeyId: e.apiKeyId,
  memberId: e.memberId,
  erased: {
    contacts: e.contacts,
    leads: e.leads,
    inquiries: e.inquiries,
    submissions: e.submissions,
    followUpHistory: e.history,
  },
});

const describeErase = describeRoute({
  summary: "Erase one person (contact, leads, inquiries, submissions, follow-up history); idempotent",
  description:
    "Deletes in one transaction and records the erasure without personal data (time, key, counts). " +
    "Erasing someone already erased (or never stored) answers 200 with zero counts.",
  tags: ["personal data"],
  responses: { 200: { description: "What was erased.", schema: ErasureSchema } },
  errors: [400, 413, 415],
});

personalData.post("/erase", describeErase, jsonBody, validate("json", PersonRefSchema), async (c) => {
  const ref = personRef(c.req.valid("json"));
  const db = orm(c.var.db);
  const contact = await findPerson(db, c.var.site.id, ref);
  const erasure = await erasePerson(db, c.var.site.id, contact?.id ?? null, authorOf(c.var.actor), Date.now());
  return c.json(presentErasure(erasure));
});
