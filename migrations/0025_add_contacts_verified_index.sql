-- GET /v1/stats counts the leads of people whose address is verified (a mailed download link was
-- opened) by starting from those people: few next to all contacts, and this partial index holds
-- only them, with the id their leads are found by (leads_contact_time). An address is stamped once,
-- when its first link is opened, never on the collect path, so collecting writes nothing more.
CREATE INDEX contacts_site_verified ON contacts (site_id, id) WHERE email_verified_at IS NOT NULL;
