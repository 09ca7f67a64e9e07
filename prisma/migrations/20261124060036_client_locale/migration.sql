-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'ru';
