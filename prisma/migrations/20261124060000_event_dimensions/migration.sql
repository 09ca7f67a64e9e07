-- AlterTable
ALTER TABLE "IncidentEvent" ADD COLUMN     "assetId" UUID,
ADD COLUMN     "assigneeId" TEXT,
ADD COLUMN     "clientId" UUID,
ADD COLUMN     "priority" TEXT,
ADD COLUMN     "problemType" TEXT,
ADD COLUMN     "secondsSinceFiled" INTEGER,
ADD COLUMN     "serviceClass" TEXT,
ADD COLUMN     "serviceType" TEXT;
