-- Notification preferences of clients and employees, and the employee's signature
ALTER TABLE "Employee" ADD COLUMN "signature" TEXT NOT NULL DEFAULT '',
ADD COLUMN "notifyChannels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "quietHoursStart" INTEGER,
ADD COLUMN "quietHoursEnd" INTEGER;

ALTER TABLE "Client" ADD COLUMN "notifyChannels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "quietHoursStart" INTEGER,
ADD COLUMN "quietHoursEnd" INTEGER,
ADD COLUMN "timezone" TEXT NOT NULL DEFAULT 'Europe/Moscow';
