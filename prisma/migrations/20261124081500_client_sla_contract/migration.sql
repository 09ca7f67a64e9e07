-- A client's own SLA contract (takes precedence over the service's), and trigram search of e-mails.

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "slaContractId" UUID;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_slaContractId_fkey" FOREIGN KEY ("slaContractId") REFERENCES "SlaContract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "ClientEmail_email_trgm_idx" ON "ClientEmail" USING GIN ("email" gin_trgm_ops);
