-- Live chats that come from the desk's channels (docs/chat.md "Channels"): where a conversation
-- came from, and which of its staff-side messages still have to be carried out to that channel
ALTER TABLE "Conversation" ADD COLUMN "channel" TEXT NOT NULL DEFAULT 'WIDGET';
ALTER TABLE "ChatMessage" ADD COLUMN "relayPending" BOOLEAN NOT NULL DEFAULT false;
-- The relay's pass reads only the messages still to carry (a few at a time), never the widget's
CREATE INDEX "ChatMessage_relayPending_idx" ON "ChatMessage" ("createdAt") WHERE "relayPending";
