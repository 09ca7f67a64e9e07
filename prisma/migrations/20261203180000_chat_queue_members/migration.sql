-- Who sees which chat queue (docs/chat.md "Queues"): the departments whose agents also see and
-- receive the chats waiting in another department's queue, besides that department's own
CREATE TABLE "ChatQueueMember" (
  "queueId" UUID NOT NULL,
  "departmentId" UUID NOT NULL,
  CONSTRAINT "ChatQueueMember_pkey" PRIMARY KEY ("queueId", "departmentId"),
  CONSTRAINT "ChatQueueMember_not_own" CHECK ("queueId" <> "departmentId")
);
-- The access rule and the distribution look up the queues a department serves
CREATE INDEX "ChatQueueMember_departmentId_idx" ON "ChatQueueMember" ("departmentId");
