-- #16: a replay's jumps back; events with seq <= a rewind's seq and a field time after its instant no longer count
ALTER TABLE "replay_clocks" ADD COLUMN "rewinds" JSONB NOT NULL DEFAULT '[]';
