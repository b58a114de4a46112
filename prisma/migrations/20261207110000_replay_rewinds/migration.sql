-- #16: the jumps back of a replay (events with seq up to a rewind seq and a field time after its instant no longer count)
ALTER TABLE "replay_clocks" ADD COLUMN "rewinds" JSONB NOT NULL DEFAULT '[]';
