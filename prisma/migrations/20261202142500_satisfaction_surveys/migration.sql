-- Satisfaction surveys, and the score on their outbox event
ALTER TABLE "IncidentEvent" ADD COLUMN "score" INTEGER;

CREATE TABLE "SatisfactionSurvey" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "incidentId" UUID,
    "departmentId" UUID,
    "score" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "channel" TEXT NOT NULL,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SatisfactionSurvey_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "SatisfactionSurvey_requestId_key" ON "SatisfactionSurvey"("requestId");

CREATE INDEX "SatisfactionSurvey_answeredAt_idx" ON "SatisfactionSurvey"("answeredAt");
