-- Access from identity only (issue 11): a client record is linked once to the Keycloak account
-- that is that client, instead of being matched by an e-mail address staff can edit.
ALTER TABLE "Client" ADD COLUMN "accountId" TEXT;
CREATE UNIQUE INDEX "Client_accountId_key" ON "Client"("accountId");

-- Attachments are public or internal like comments. Files uploaded before this were shown to
-- requesters, so they stay public, and new staff uploads are internal unless marked public.
ALTER TABLE "Attachment" ADD COLUMN "public" BOOLEAN NOT NULL DEFAULT false;
UPDATE "Attachment" SET "public" = true;

-- Requesters search title, description and public comments only.
ALTER TABLE "Incident" ADD COLUMN "publicSearchText" TEXT NOT NULL DEFAULT '',
                       ADD COLUMN "publicSearchVector" tsvector;
UPDATE "Incident" i SET "publicSearchText" = doc.text,
       "publicSearchVector" = to_tsvector('russian', doc.text) || to_tsvector('english', doc.text)
  FROM (SELECT i2.id, concat_ws(' ', i2.title, r.description,
               (SELECT string_agg(c.body, ' ' ORDER BY c."createdAt") FROM "Comment" c WHERE c."incidentId" = i2.id AND c.public)) AS text
          FROM "Incident" i2 JOIN "ServiceRequest" r ON r.id = i2."requestId") doc
 WHERE i.id = doc.id;
CREATE INDEX "Incident_publicSearchText_trgm_idx" ON "Incident" USING GIN ("publicSearchText" gin_trgm_ops);
CREATE INDEX "Incident_publicSearchVector_idx" ON "Incident" USING GIN ("publicSearchVector");

-- Requests filed by a person (creators, and the users of a supervisor's department).
CREATE INDEX "ServiceRequest_createdById_idx" ON "ServiceRequest"("createdById");

-- Existing self-service clients keep their access: a client record whose requests the account
-- itself filed through the portal or a QR label (the old matching made or found the record by
-- the e-mail of that account) is linked to that account, once, one record per account.
WITH self_filed AS (
  SELECT r."clientId", min(r."createdById") AS account
    FROM "ServiceRequest" r
    JOIN "Employee" e ON e.id = r."createdById"
    JOIN "ClientEmail" ce ON ce."clientId" = r."clientId" AND lower(ce.email) = lower(e.email)
   WHERE r.channel IN ('WEB', 'QR')
   GROUP BY r."clientId"
  HAVING count(DISTINCT r."createdById") = 1),
one_per_account AS (SELECT DISTINCT ON (account) "clientId", account FROM self_filed ORDER BY account, "clientId")
UPDATE "Client" c SET "accountId" = o.account FROM one_per_account o WHERE c.id = o."clientId";

-- One way to find a client by phone: ClientPhone. Older rows kept their primary phone on the
-- client alone: it gets its ClientPhone row, so no reader falls back to "Client".phone.
INSERT INTO "ClientPhone" (id, "clientId", phone, label)
SELECT gen_random_uuid(), c.id, c.phone, '' FROM "Client" c
 WHERE NOT EXISTS (SELECT 1 FROM "ClientPhone" p WHERE p.phone = c.phone)
ON CONFLICT DO NOTHING;
