-- The ticket's subject as the sync last saw or wrote it (issue 16: the subject is carried both
-- ways after the ticket is made, docs/sync.md "Who owns each field")
ALTER TABLE "SyncLink" ADD COLUMN "lastSubject" TEXT;
