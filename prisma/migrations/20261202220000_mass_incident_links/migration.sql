-- Mass incidents, merged duplicates and related incidents (issue 17).
ALTER TABLE "Incident" ADD COLUMN "massSince" TIMESTAMPTZ(3),
ADD COLUMN "mergedIntoId" UUID;

CREATE TABLE "MassIncidentChild" (
    "requestId" UUID NOT NULL,
    "parentIncidentId" UUID NOT NULL,
    "linkedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MassIncidentChild_pkey" PRIMARY KEY ("requestId")
);

CREATE INDEX "MassIncidentChild_parentIncidentId_createdAt_idx" ON "MassIncidentChild"("parentIncidentId", "createdAt");

CREATE TABLE "RelatedIncident" (
    "incidentId" UUID NOT NULL,
    "relatedId" UUID NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RelatedIncident_pkey" PRIMARY KEY ("incidentId","relatedId")
);

CREATE INDEX "RelatedIncident_relatedId_idx" ON "RelatedIncident"("relatedId");
