-- CreateTable
CREATE TABLE "HrAllowListEntry" (
    "email" TEXT NOT NULL,
    "departmentCode" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HrAllowListEntry_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "PendingAccount" (
    "userId" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCheckedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingAccount_pkey" PRIMARY KEY ("userId")
);
