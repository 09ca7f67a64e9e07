-- SMS over SMPP (issue 14): the parts submitted with their receipts, the parts of long
-- mobile-originated messages until joined, and the channel's reference on an attempt.
ALTER TABLE "NotificationAttempt" ADD COLUMN "reference" TEXT;

CREATE TABLE "SmsPart" (
    "smscMessageId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "incidentId" UUID,
    "recipient" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "parts" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sent',
    "receipt" TEXT,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receiptAt" TIMESTAMPTZ(3),
    "settledAt" TIMESTAMPTZ(3),
    CONSTRAINT "SmsPart_pkey" PRIMARY KEY ("smscMessageId")
);
CREATE INDEX "SmsPart_key_idx" ON "SmsPart"("key");
CREATE INDEX "SmsPart_settledAt_receiptAt_idx" ON "SmsPart"("settledAt", "receiptAt");

CREATE TABLE "SmsInboundPart" (
    "sender" TEXT NOT NULL,
    "ref" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "dataCoding" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SmsInboundPart_pkey" PRIMARY KEY ("sender", "ref", "total", "seq")
);
