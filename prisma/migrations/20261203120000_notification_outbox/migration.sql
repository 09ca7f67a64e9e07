-- The notification outbox (issue 18): a step of the process writes the messages it owes in the
-- same transaction as its change, and the notifier (worker/notifier.ts) sends them, each once
-- by its key, instead of one Temporal activity per message.
CREATE TABLE "NotificationOutbox" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "incidentId" UUID,
    "requestId" UUID,
    "status" TEXT,
    "agentId" TEXT,
    "seq" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationOutbox_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "NotificationOutbox_key_key" ON "NotificationOutbox"("key");

-- A notifier's scan: its task queue's messages due, soonest first.
CREATE INDEX "NotificationOutbox_queue_doneAt_nextAttemptAt_idx" ON "NotificationOutbox"("queue", "doneAt", "nextAttemptAt");
