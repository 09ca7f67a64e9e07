-- The bus relay's own cursor on the outbox (domain/bus/relay.ts), apart from the analytics
-- relay's shippedAt, and the order the events were recorded in (occurredAt ties within a
-- millisecond). Events recorded before the bus existed count as published: the bus carries
-- what happens from its installation on, not the desk's whole history.
ALTER TABLE "IncidentEvent" ADD COLUMN "busPublishedAt" TIMESTAMPTZ(3);
ALTER TABLE "IncidentEvent" ADD COLUMN "busSeq" BIGSERIAL NOT NULL;
UPDATE "IncidentEvent" SET "busPublishedAt" = "occurredAt";
CREATE INDEX "IncidentEvent_busPublishedAt_busSeq_idx" ON "IncidentEvent"("busPublishedAt", "busSeq");
