-- Channel intake (domain/intake): the raw inbound messages with their outcome, and the
-- conversation keys that tie replies to requests.
CREATE TYPE "InboundStatus" AS ENUM ('RECEIVED', 'PROCESSED', 'HELD', 'IGNORED');

CREATE TABLE "InboundMessage" (
    "id" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "channelMessageId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "rawKey" TEXT NOT NULL,
    "rawSize" INTEGER NOT NULL,
    "sender" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "status" "InboundStatus" NOT NULL DEFAULT 'RECEIVED',
    "reason" TEXT,
    "clientId" UUID,
    "requestId" UUID,
    "commentId" UUID,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "InboundMessage_channel_channelMessageId_key" ON "InboundMessage"("channel", "channelMessageId");
CREATE INDEX "InboundMessage_status_receivedAt_idx" ON "InboundMessage"("status", "receivedAt");
CREATE INDEX "InboundMessage_sender_receivedAt_idx" ON "InboundMessage"("sender", "receivedAt");

CREATE TABLE "MessageThread" (
    "threadKey" TEXT NOT NULL,
    "requestId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageThread_pkey" PRIMARY KEY ("threadKey")
);

CREATE INDEX "MessageThread_requestId_idx" ON "MessageThread"("requestId");
