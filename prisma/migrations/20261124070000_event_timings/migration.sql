-- AlterTable
ALTER TABLE "IncidentEvent" ADD COLUMN     "closeReason" TEXT,
ADD COLUMN     "resolutionSeconds" INTEGER,
ADD COLUMN     "slaBreached" BOOLEAN,
ADD COLUMN     "slaClock" TEXT,
ADD COLUMN     "slaDueAt" TIMESTAMPTZ(3),
ADD COLUMN     "slaTargetSeconds" INTEGER,
ADD COLUMN     "status" TEXT;
