-- Clients as a CRM keeps them: person or company, several phones and e-mails, Telegram id,
-- address, notes, the id in an outside CRM, soft delete. Written by hand (a data copy follows).

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'person',
ADD COLUMN     "telegramId" TEXT,
ADD COLUMN     "address" TEXT,
ADD COLUMN     "notes" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "deletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "ClientPhone" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ClientPhone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientEmail" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ClientEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Client_externalId_key" ON "Client"("externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Client_idempotencyKey_key" ON "Client"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Client_createdAt_id_idx" ON "Client"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Client_name_trgm_idx" ON "Client" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "ClientPhone_phone_key" ON "ClientPhone"("phone");

-- CreateIndex
CREATE INDEX "ClientPhone_clientId_idx" ON "ClientPhone"("clientId");

-- CreateIndex
CREATE INDEX "ClientPhone_phone_trgm_idx" ON "ClientPhone" USING GIN ("phone" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ClientEmail_email_idx" ON "ClientEmail"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ClientEmail_clientId_email_key" ON "ClientEmail"("clientId", "email");

-- AddForeignKey
ALTER TABLE "ClientPhone" ADD CONSTRAINT "ClientPhone_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientEmail" ADD CONSTRAINT "ClientEmail_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every existing primary phone and e-mail into the new tables.
INSERT INTO "ClientPhone" ("id", "clientId", "phone") SELECT gen_random_uuid(), "id", "phone" FROM "Client";
INSERT INTO "ClientEmail" ("id", "clientId", "email") SELECT gen_random_uuid(), "id", "email" FROM "Client" WHERE "email" IS NOT NULL;
