-- An admin's deactivation in the desk is kept apart from Keycloak's "enabled": the hourly sync
-- mirrors "enabled" into "active" and would otherwise reactivate someone an admin switched off.
-- Existing inactive rows cannot tell who deactivated them, so they count as the desk's own.
ALTER TABLE "Employee" ADD COLUMN "deactivatedInDesk" BOOLEAN NOT NULL DEFAULT false;
UPDATE "Employee" SET "deactivatedInDesk" = true WHERE active = false;
