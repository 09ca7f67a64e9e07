-- Trigram matching for search with typos and partial words.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "ServiceRequest_clientId_idx";

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchVector" tsvector;

-- CreateIndex
CREATE INDEX "Incident_searchText_trgm_idx" ON "Incident" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Incident_createdAt_id_idx" ON "Incident"("createdAt", "id");

-- CreateIndex
CREATE INDEX "ServiceRequest_clientId_createdAt_idx" ON "ServiceRequest"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_createdAt_id_idx" ON "ServiceRequest"("createdAt", "id");

-- CreateIndex
CREATE INDEX "ServiceRequest_description_trgm_idx" ON "ServiceRequest" USING GIN ("description" gin_trgm_ops);


-- The search document: title and request description, comments appended as they are added
-- (kept by the app, domain/incidentSearch.ts). Russian and English stemming in one vector.
CREATE INDEX "Incident_searchVector_idx" ON "Incident" USING GIN ("searchVector");
UPDATE "Incident" i SET "searchText" = concat_ws(' ', i.title, r.description) FROM "ServiceRequest" r WHERE r.id = i."requestId";
UPDATE "Incident" SET "searchVector" = to_tsvector('russian', "searchText") || to_tsvector('english', "searchText");
