-- When an e-mail came onto a client record. Only an e-mail the record was created with may link a
-- newcomer's account to it (domain/clients/accounts.ts), never one staff put on the record later.
-- Existing e-mails count as the record's own unless the audit trail shows the client was edited.
ALTER TABLE "ClientEmail" ADD COLUMN "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

UPDATE "ClientEmail" e SET "addedAt" = c."createdAt"
FROM "Client" c
WHERE c.id = e."clientId"
  AND NOT EXISTS (SELECT 1 FROM "AuditEntry" a WHERE a."entityType" = 'client' AND a."entityId" = c.id::text AND a.action = 'client.updated');
