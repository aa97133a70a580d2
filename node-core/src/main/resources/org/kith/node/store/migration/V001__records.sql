-- Source of truth: the raw signed records. Everything in V002 can be rebuilt from these.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE records (
    id            TEXT PRIMARY KEY,         -- sha256(payload), base32
    envelope      BLOB NOT NULL,            -- SignedRecord bytes exactly as verified
    author        TEXT NOT NULL,
    swarm         TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    type          TEXT NOT NULL,
    ts            INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    fork_evidence INTEGER NOT NULL DEFAULT 0 -- 1: conflicting record kept as proof, not in the chain
);
CREATE UNIQUE INDEX records_chain ON records (author, swarm, seq) WHERE fork_evidence = 0;
CREATE INDEX records_type ON records (type);

CREATE TABLE feeds (
    author   TEXT NOT NULL,
    swarm    TEXT NOT NULL,
    head_seq INTEGER NOT NULL,
    head_id  TEXT NOT NULL,
    forked   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (author, swarm)
) WITHOUT ROWID;

CREATE TABLE forks (
    record_id      TEXT PRIMARY KEY,
    author         TEXT NOT NULL,
    swarm          TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    conflicts_with TEXT NOT NULL,
    detected_at    INTEGER NOT NULL
);

CREATE TABLE swarms (
    name     TEXT PRIMARY KEY,
    swarm_id TEXT NOT NULL UNIQUE,
    joined_at INTEGER NOT NULL
);
INSERT INTO swarms (name, swarm_id, joined_at) VALUES ('public', 'public', 0);
