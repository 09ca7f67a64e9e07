-- The chat's analytics outbox (domain/chat/events.ts): one row per accept, first answer and
-- close of a conversation, written in the transaction of that change and shipped to ClickHouse
-- (chat_events) by the analytics relay, which stamps shippedAt
CREATE TABLE "ChatEvent" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "conversationId" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "agentId" TEXT,
    "seconds" INTEGER,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shippedAt" TIMESTAMPTZ(3),
    CONSTRAINT "ChatEvent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ChatEvent_key_key" ON "ChatEvent"("key");
CREATE INDEX "ChatEvent_shippedAt_occurredAt_idx" ON "ChatEvent"("shippedAt", "occurredAt");
