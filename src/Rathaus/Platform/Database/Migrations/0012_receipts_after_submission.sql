-- The receipt PDF is no longer rendered while the applicant waits: a submission is acknowledged once the case
-- is durable, and the receipt is rendered right after by a background writer (or at once when the applicant
-- downloads it first). A case keeps exactly one receipt.
ALTER TABLE cases ADD COLUMN receipt_pending boolean NOT NULL DEFAULT false;
CREATE INDEX cases_receipt_pending ON cases (tenant_id, submitted_at) WHERE receipt_pending;
CREATE UNIQUE INDEX case_documents_one_receipt ON case_documents (case_id) WHERE kind = 'receipt';
