-- Derived tables: rebuilt from records by SqliteRecordStore.rebuildDerived().
CREATE TABLE people (
    peer_id    TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    bio        TEXT,
    location   TEXT,
    skills     TEXT NOT NULL,   -- JSON array
    offers     TEXT NOT NULL,
    needs      TEXT NOT NULL,
    vals       TEXT NOT NULL,
    links      TEXT NOT NULL,
    has_avatar INTEGER NOT NULL,
    profile_id TEXT NOT NULL,
    profile_ts INTEGER NOT NULL,
    profile_swarm TEXT NOT NULL,
    profile_seq INTEGER NOT NULL
);
CREATE TABLE person_skills (
    peer_id TEXT NOT NULL,
    skill   TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (peer_id, skill)
) WITHOUT ROWID;
CREATE INDEX person_skills_skill ON person_skills (skill);

CREATE TABLE proposals (
    id         TEXT PRIMARY KEY,   -- id of the original proposal record
    author     TEXT NOT NULL,
    swarm      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    details    TEXT,
    status     TEXT NOT NULL,
    roles      TEXT NOT NULL,      -- JSON array of {name, skills, effort}
    when_start TEXT,
    when_end   TEXT,
    place      TEXT,
    latest_id  TEXT NOT NULL,      -- newest record (original or update) in effect
    created_ts INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL
);
CREATE INDEX proposals_status ON proposals (status);
CREATE INDEX proposals_author ON proposals (author);
CREATE TABLE proposal_tags (
    proposal_id TEXT NOT NULL,
    tag         TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (proposal_id, tag)
) WITHOUT ROWID;
CREATE INDEX proposal_tags_tag ON proposal_tags (tag);
CREATE TABLE proposal_skills (
    proposal_id TEXT NOT NULL,
    skill       TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (proposal_id, skill)
) WITHOUT ROWID;
CREATE INDEX proposal_skills_skill ON proposal_skills (skill);

CREATE TABLE commitments (
    id          TEXT PRIMARY KEY,
    author      TEXT NOT NULL,
    swarm       TEXT NOT NULL,
    proposal_id TEXT NOT NULL,
    role        TEXT,
    what        TEXT NOT NULL,
    due         TEXT NOT NULL,
    effort      TEXT,
    status      TEXT NOT NULL,     -- open | delivered | withdrawn | renegotiated
    note        TEXT,
    latest_id   TEXT NOT NULL,
    created_ts  INTEGER NOT NULL,
    updated_ts  INTEGER NOT NULL
);
CREATE INDEX commitments_proposal ON commitments (proposal_id);
CREATE INDEX commitments_author ON commitments (author);

CREATE TABLE attestations (
    id            TEXT PRIMARY KEY,
    author        TEXT NOT NULL,
    swarm         TEXT NOT NULL,
    commitment_id TEXT NOT NULL,
    committer     TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    note          TEXT,
    ts            INTEGER NOT NULL
);
CREATE INDEX attestations_commitment ON attestations (commitment_id);
CREATE INDEX attestations_committer ON attestations (committer);

CREATE TABLE vouches (
    author    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    domain    TEXT NOT NULL,       -- '' when general
    level     TEXT NOT NULL,
    note      TEXT,
    record_id TEXT NOT NULL,
    ts        INTEGER NOT NULL,
    swarm     TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (author, subject, domain)
) WITHOUT ROWID;
CREATE INDEX vouches_subject ON vouches (subject);

CREATE TABLE comments (
    id     TEXT PRIMARY KEY,
    author TEXT NOT NULL,
    swarm  TEXT NOT NULL,
    target TEXT NOT NULL,
    text   TEXT NOT NULL,
    ts     INTEGER NOT NULL
);
CREATE INDEX comments_target ON comments (target);

CREATE TABLE retractions (
    target        TEXT PRIMARY KEY,
    retraction_id TEXT NOT NULL,
    author        TEXT NOT NULL
);
