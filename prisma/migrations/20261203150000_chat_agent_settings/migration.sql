-- Each agent's own chat settings (docs/chat.md, "Personal settings"): sounds, desktop
-- notifications of new chats and the signature the server appends to their replies.
-- No row: the defaults (sounds on, notifications off, no signature).
CREATE TABLE "ChatAgentSettings" (
    "employeeId" TEXT NOT NULL,
    "soundNewChat" BOOLEAN NOT NULL DEFAULT true,
    "soundNewMessage" BOOLEAN NOT NULL DEFAULT true,
    "notifyNewChats" BOOLEAN NOT NULL DEFAULT false,
    "signature" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatAgentSettings_pkey" PRIMARY KEY ("employeeId"),
    CONSTRAINT "ChatAgentSettings_employeeId_fkey" FOREIGN KEY ("employeeId") REFERENCES "Employee"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
