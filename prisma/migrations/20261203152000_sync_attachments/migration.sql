-- Files carried by the sync (docs/sync.md, "Attachments"): a file of theirs is added to ours
-- once, and one of ours sent there once, both known by its id there, so neither is doubled
-- nor comes back as the other side's
CREATE TABLE "SyncAttachment" (
    "system" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "remoteAttachmentId" TEXT NOT NULL,
    "attachmentId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncAttachment_pkey" PRIMARY KEY ("system", "remoteAttachmentId")
);

CREATE UNIQUE INDEX "SyncAttachment_system_attachmentId_key" ON "SyncAttachment"("system", "attachmentId");
