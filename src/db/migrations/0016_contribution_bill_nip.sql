-- A payroll confirmation pays one ASN's part of an OPD's bill. Matching its lines looked up each
-- ASN's contributions through the bill alone, reading the whole bill once per ASN: an OPD of
-- 12,000 lines took up to 48 s per confirmation. Keyed by bill and NIP, the lookup is direct; the
-- bill-only index it replaces is this one's prefix, so the ledger keeps the same number of indexes.
DROP INDEX contribution_bill_idx;
CREATE INDEX contribution_bill_nip_idx ON contribution (bill_id, sponsor_nip);
