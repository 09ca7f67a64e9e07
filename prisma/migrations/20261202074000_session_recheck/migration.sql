-- Sessions follow Keycloak (the refresh token, used every SESSION_RECHECK_MINUTES) and end when
-- idle (lastSeenAt, written at most once a minute). Existing sessions have no refresh token, so
-- nothing would recheck them for up to SESSION_TTL_HOURS (12): everyone signs in once more.
DELETE FROM "Session";
ALTER TABLE "Session" ADD COLUMN "refreshToken" TEXT,
ADD COLUMN "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "recheckAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
