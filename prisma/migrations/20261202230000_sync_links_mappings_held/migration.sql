-- Sync with outside ticket systems (docs/sync.md): links, mappings, held values, cursors
CREATE TABLE "SyncLink" (
    "id" UUID NOT NULL,
    "system" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "requestId" UUID NOT NULL,
    "lastWritten" TEXT,
    "lastSeen" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncLink_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SyncMapping" (
    "id" UUID NOT NULL,
    "system" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "remote" TEXT NOT NULL,
    "local" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncMapping_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SyncHeld" (
    "id" UUID NOT NULL,
    "system" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SyncHeld_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SyncCursor" (
    "system" TEXT NOT NULL,
    "cursor" TEXT,
    "lastRunAt" TIMESTAMPTZ(3),
    "lastOkAt" TIMESTAMPTZ(3),
    "lastError" TEXT,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("system")
);

CREATE UNIQUE INDEX "SyncLink_system_remoteId_key" ON "SyncLink"("system", "remoteId");
CREATE UNIQUE INDEX "SyncLink_system_requestId_key" ON "SyncLink"("system", "requestId");
CREATE UNIQUE INDEX "SyncMapping_system_kind_remote_key" ON "SyncMapping"("system", "kind", "remote");
CREATE INDEX "SyncMapping_system_kind_local_idx" ON "SyncMapping"("system", "kind", "local");
CREATE UNIQUE INDEX "SyncHeld_system_remoteId_kind_value_key" ON "SyncHeld"("system", "remoteId", "kind", "value");
CREATE INDEX "SyncHeld_resolvedAt_createdAt_idx" ON "SyncHeld"("resolvedAt", "createdAt");
