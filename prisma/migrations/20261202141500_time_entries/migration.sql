-- Time spent on incidents
CREATE TABLE "TimeEntry" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "employeeId" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "spentOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TimeEntry_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "TimeEntry_incidentId_idx" ON "TimeEntry"("incidentId");

CREATE INDEX "TimeEntry_spentOn_employeeId_idx" ON "TimeEntry"("spentOn", "employeeId");
