// The name and company typed with one lead or inquiry. The collect endpoints are public: anyone
// who knows an address can submit in that person's name, so a record never shows the contact's
// name (which another submission may have set) but what its own submission said. The collect
// batch that creates the record keeps that pair on it (`typed_name`, `typed_company`; migration
// 0038 gave older records their first submission's): '' for a field the submission left empty,
// NULL on a record that has no submission (seeded directly), which shows its contact's pair.
import { sql } from "drizzle-orm";
import { contacts, inquiries, leads } from "./schema.ts";

type Field = "name" | "company";

const typedColumns = {
  inquiries: { name: inquiries.typedName, company: inquiries.typedCompany },
  leads: { name: leads.typedName, company: leads.typedCompany },
};

/**
 * `field` as typed with the record of `table`, read from the record (the select joins `contacts`
 * for a record with no submission); NULL where it was left empty.
 */
export const typed = (table: "inquiries" | "leads", field: Field) =>
  sql<string | null>`nullif(coalesce(${typedColumns[table][field]}, ${contacts[field]}, ''), '')`;
