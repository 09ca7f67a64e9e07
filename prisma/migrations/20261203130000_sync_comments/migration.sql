-- Comments carried by the sync (docs/sync.md, "Workflows"): a comment of theirs is added to ours
-- once, by its id there, whatever the passes that see it again
CREATE TABLE "SyncComment" (
    "system" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "remoteCommentId" TEXT NOT NULL,
    "commentId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncComment_pkey" PRIMARY KEY ("system", "remoteCommentId")
);

-- A held value an admin has mapped since is taken again by the next inbound pass, once
ALTER TABLE "SyncHeld" ADD COLUMN "retriedAt" TIMESTAMPTZ(3);
