-- What the ticket held right after the sync's last write (status and priority there): a change
-- there in the same second as that write has the same whole-second version, and is told from
-- our own write coming back by these values (domain/sync/mapping.ts isEcho)
ALTER TABLE "SyncLink" ADD COLUMN "lastValues" TEXT;
