-- CreateTable
CREATE TABLE "TelegramChat" (
    "chatId" TEXT NOT NULL,
    "clientId" UUID,
    "linkedAt" TIMESTAMPTZ(3),
    "pendingService" TEXT,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "failedSince" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramChat_pkey" PRIMARY KEY ("chatId")
);

-- CreateTable
CREATE TABLE "TelegramLinkCode" (
    "id" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "chatId" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramLinkCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TelegramChat_clientId_key" ON "TelegramChat"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "TelegramLinkCode_hash_key" ON "TelegramLinkCode"("hash");

-- CreateIndex
CREATE INDEX "TelegramLinkCode_clientId_createdAt_idx" ON "TelegramLinkCode"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "TelegramLinkCode_chatId_createdAt_idx" ON "TelegramLinkCode"("chatId", "createdAt");
