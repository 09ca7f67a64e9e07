-- Notification rules (issue 17): per event and recipient kind, on or off and the channel tried
-- first, global or per department. No row: the default (on, the person's own order).
CREATE TABLE "NotificationRule" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "departmentId" UUID,
    "event" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "channel" TEXT NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRule_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "NotificationRule_scope_event_recipient_key" ON "NotificationRule"("scope", "event", "recipient");

ALTER TABLE "NotificationRule" ADD CONSTRAINT "NotificationRule_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;
