-- Admins delete a request filed by mistake softly: its audit trail, analytics events, workflow
-- history and cancelled order keep pointing at it, and every reader (the one access rule) hides it.
ALTER TABLE "ServiceRequest" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
