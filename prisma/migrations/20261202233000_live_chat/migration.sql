-- Live support chat (issue 15): conversations, their messages and files, agents' shifts, the
-- chat's settings (one row).
CREATE TABLE "Conversation" (
    "id" UUID NOT NULL,
    "visitorKey" TEXT NOT NULL,
    "visitorName" TEXT NOT NULL DEFAULT '',
    "identified" BOOLEAN NOT NULL DEFAULT false,
    "lang" TEXT NOT NULL DEFAULT 'ru',
    "origin" TEXT,
    "departmentId" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'WAITING',
    "assigneeId" TEXT,
    "offeredToId" TEXT,
    "offeredAt" TIMESTAMPTZ(3),
    "escalatedAt" TIMESTAMPTZ(3),
    "requestId" UUID,
    "acceptedAt" TIMESTAMPTZ(3),
    "firstResponseAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "closeReason" TEXT,
    "visitorReadSeq" INTEGER NOT NULL DEFAULT 0,
    "agentReadSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Conversation_status_check" CHECK ("status" IN ('WAITING', 'ACTIVE', 'CLOSED')),
    CONSTRAINT "Conversation_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Conversation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Employee"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversation_offeredToId_fkey" FOREIGN KEY ("offeredToId") REFERENCES "Employee"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ServiceRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- The queue (oldest waiting first per department), an agent's load, a visitor's conversations.
CREATE INDEX "Conversation_departmentId_status_createdAt_idx" ON "Conversation"("departmentId", "status", "createdAt");
CREATE INDEX "Conversation_assigneeId_status_idx" ON "Conversation"("assigneeId", "status");
CREATE INDEX "Conversation_visitorKey_idx" ON "Conversation"("visitorKey");
CREATE INDEX "Conversation_requestId_idx" ON "Conversation"("requestId");

CREATE TABLE "ChatFile" (
    "id" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storedName" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatFile_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ChatFile_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ChatFile_conversationId_idx" ON "ChatFile"("conversationId");

CREATE TABLE "ChatMessage" (
    "id" UUID NOT NULL,
    "seq" SERIAL NOT NULL,
    "conversationId" UUID NOT NULL,
    "clientMessageId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "fileId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatMessage_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ChatMessage_author_check" CHECK ("author" IN ('visitor', 'agent', 'system')),
    CONSTRAINT "ChatMessage_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChatMessage_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "ChatFile"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- A message resent after a reconnect carries the same client id: the second insert does nothing.
CREATE UNIQUE INDEX "ChatMessage_conversationId_clientMessageId_key" ON "ChatMessage"("conversationId", "clientMessageId");
CREATE INDEX "ChatMessage_conversationId_seq_idx" ON "ChatMessage"("conversationId", "seq");

CREATE TABLE "AgentShift" (
    "id" UUID NOT NULL,
    "employeeId" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "pausedAt" TIMESTAMPTZ(3),
    "pausedSeconds" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AgentShift_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AgentShift_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- One open shift per agent: a second clock-in finds it.
CREATE UNIQUE INDEX "AgentShift_open_key" ON "AgentShift"("employeeId") WHERE "endedAt" IS NULL;
CREATE INDEX "AgentShift_employeeId_startedAt_idx" ON "AgentShift"("employeeId", "startedAt");

CREATE TABLE "ChatSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "departmentId" UUID,
    "greeting" TEXT NOT NULL DEFAULT '',
    "offlineMessage" TEXT NOT NULL DEFAULT '',
    "allowedOrigins" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "capacity" INTEGER NOT NULL DEFAULT 3,
    "acceptSeconds" INTEGER NOT NULL DEFAULT 30,
    "escalateSeconds" INTEGER NOT NULL DEFAULT 120,
    "opensAt" INTEGER NOT NULL DEFAULT 0,
    "closesAt" INTEGER NOT NULL DEFAULT 1440,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatSettings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ChatSettings_one_row" CHECK ("id" = 1),
    CONSTRAINT "ChatSettings_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
