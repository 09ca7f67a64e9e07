-- E-mail conversations of the live chat (docs/chat.md "Channels: e-mail"): every Message-ID of a
-- conversation's mail, the client's and ours, so that a reply's In-Reply-To or References finds
-- its conversation, and our answers thread under the client's last mail with "Re: <first subject>"
CREATE TABLE "ChatMailThread" (
  "messageId" TEXT NOT NULL,
  "conversationId" UUID NOT NULL,
  "inbound" BOOLEAN NOT NULL,
  "subject" TEXT NOT NULL DEFAULT '',
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ChatMailThread_pkey" PRIMARY KEY ("messageId"),
  CONSTRAINT "ChatMailThread_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ChatMailThread_conversationId_createdAt_idx" ON "ChatMailThread" ("conversationId", "createdAt");
