-- Private swarms the node has joined, and the peers it has met in each swarm.
-- Not derived from records: these rows are the node's own configuration and memory.

-- key_sealed: the swarm's 32-byte pre-shared key sealed with ChaCha20-Poly1305 under a key
-- derived from the identity key (NULL for the public swarm, which has no key).
ALTER TABLE swarms ADD COLUMN key_sealed BLOB;
-- TCP port the swarm's host listens on (0 = any free port, chosen at each start).
ALTER TABLE swarms ADD COLUMN port INTEGER NOT NULL DEFAULT 0;
-- Who invited us (peer ID), when the invite was made and until when it was valid; NULL when
-- the swarm was created here or imported from a swarm.key file.
ALTER TABLE swarms ADD COLUMN invited_by TEXT;
ALTER TABLE swarms ADD COLUMN invite_expires INTEGER;

CREATE TABLE peers (
    swarm_id       TEXT NOT NULL,
    peer_id        TEXT NOT NULL,
    addrs          TEXT NOT NULL,            -- JSON array of multiaddr strings, newest first
    source         TEXT NOT NULL,            -- invite | mdns | dial | identify | inbound
    first_seen     INTEGER NOT NULL,         -- epoch millis
    last_seen      INTEGER NOT NULL,
    last_connected INTEGER,
    failures       INTEGER NOT NULL DEFAULT 0, -- dial failures in a row
    PRIMARY KEY (swarm_id, peer_id)
) WITHOUT ROWID;
