-- A sign-in attempt belongs to the browser that started it: SHA-256 of the random key in that
-- browser's HttpOnly login cookie (api/auth/routes.ts). Attempts under way lose nothing worth
-- keeping (they live 30 minutes), so they are dropped rather than given a made-up key.
DELETE FROM "LoginAttempt";
ALTER TABLE "LoginAttempt" ADD COLUMN "browserHash" TEXT NOT NULL;
