-- Telephony (issue 13): operators' extensions, calls reported by the PBX and their raw events.
-- Call (source, pbxCallId) and CallEvent (callId, kind) are the idempotency keys of the webhook
-- and the AMI connector: a replayed event finds its row and changes nothing.
CREATE TYPE "CallState" AS ENUM ('RINGING', 'ANSWERED', 'ENDED', 'MISSED');

ALTER TABLE "Employee" ADD COLUMN "extension" TEXT;
CREATE UNIQUE INDEX "Employee_extension_key" ON "Employee"("extension");

CREATE TABLE "Call" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "pbxCallId" TEXT NOT NULL,
    "callerNumber" TEXT NOT NULL,
    "calledNumber" TEXT NOT NULL,
    "extension" TEXT,
    "state" "CallState" NOT NULL DEFAULT 'RINGING',
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "answeredAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "operatorId" TEXT,
    "recordingUrl" TEXT,
    "clientId" UUID,
    "requestId" UUID,
    "heldReason" TEXT,
    "callbackDepartmentId" UUID,
    "callbackDoneAt" TIMESTAMPTZ(3),
    "callbackDoneById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "CallEvent" (
    "id" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "raw" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallEvent_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Call_source_pbxCallId_key" ON "Call"("source", "pbxCallId");
CREATE INDEX "Call_callerNumber_startedAt_idx" ON "Call"("callerNumber", "startedAt");
CREATE INDEX "Call_operatorId_startedAt_idx" ON "Call"("operatorId", "startedAt");
CREATE INDEX "Call_requestId_idx" ON "Call"("requestId");
CREATE INDEX "Call_callbackDepartmentId_callbackDoneAt_idx" ON "Call"("callbackDepartmentId", "callbackDoneAt");
CREATE UNIQUE INDEX "CallEvent_callId_kind_key" ON "CallEvent"("callId", "kind");

ALTER TABLE "CallEvent" ADD CONSTRAINT "CallEvent_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
