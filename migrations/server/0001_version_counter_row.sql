-- The office-wide version counter's one row (sync-protocol.md, "Identities and counters"): every
-- writing transaction locks it with SELECT … FOR UPDATE, so it must exist before the first write.
INSERT INTO "version_counter" ("id", "value") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING;
