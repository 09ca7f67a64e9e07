-- A message being processed is claimed until a time: the webhook that received it and the
-- channel's pass over waiting messages no longer take it at once (a Telegram answer became two
-- comments, 68 ms apart, in a full run).
ALTER TABLE "InboundMessage" ADD COLUMN "claimedUntil" TIMESTAMPTZ(3);
