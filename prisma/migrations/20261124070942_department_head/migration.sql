-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "headId" TEXT;
