-- Where this node first got each record: from which peer and how, or from its own user, or from
-- an imported file. Not derived from records (a signed record does not say who handed it to this
-- node), so rebuildDerived() never empties or refills it. Written once per record, when the ingest
-- door has stored it (in the chain or as fork evidence), and never updated: the first source wins.
-- Records stored before this table existed, or whose row was lost to a crash between the ingest
-- commit and this row's own commit, have no row: their source is unknown.
CREATE TABLE record_sources (
    record_id   TEXT PRIMARY KEY,      -- records.id
    source      TEXT NOT NULL,         -- a peer ID (base58), 'self' or 'import'
    via         TEXT NOT NULL,         -- publish | gossip | sync | import
    detail      TEXT,                  -- e.g. the imported file's name; NULL when there is nothing to add
    received_at INTEGER NOT NULL       -- epoch millis: records.received_at of the stored record
);
