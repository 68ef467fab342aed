-- Notices and the citizen mailbox (docs/notices.md, docs/mailbox.md).

-- The language the application was made in: notices, mailbox messages and their e-mail notifications use it.
ALTER TABLE cases ADD COLUMN language text NOT NULL DEFAULT 'de' CHECK (language ~ '^[a-z]{2}$');

-- The citizen's list of applications and the status line read the newest messages of a case.
CREATE INDEX mailbox_messages_case_kind ON mailbox_messages (case_id, kind, created_at DESC);
