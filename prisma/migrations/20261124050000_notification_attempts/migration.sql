-- CreateTable
CREATE TABLE "NotificationAttempt" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "incidentId" UUID,
    "recipient" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NotificationAttempt_incidentId_createdAt_idx" ON "NotificationAttempt"("incidentId", "createdAt");

-- CreateIndex
CREATE INDEX "NotificationAttempt_key_idx" ON "NotificationAttempt"("key");
