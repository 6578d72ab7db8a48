-- API tokens: only the SHA-256 of each token is kept, never the token.
CREATE TABLE api_token (
    id            VARCHAR(32)   PRIMARY KEY,
    name          VARCHAR(128)  NOT NULL,
    role          VARCHAR(16)   NOT NULL,
    regions       VARCHAR(4096) NOT NULL,  -- JSON array of civil-code prefixes; empty: no region scope
    cameras       TEXT          NOT NULL,  -- JSON array of camera ids; empty: no camera scope
    secret_hash   VARCHAR(64)   NOT NULL UNIQUE,
    created_at_ms BIGINT        NOT NULL,
    expires_at_ms BIGINT,
    revoked_at_ms BIGINT
);

-- The audit trail: append-only, each entry's hash chained to the one before (see AuditChain). No code path
-- changes an entry; retention removes whole old stretches and moves the anchor in audit_head.
CREATE TABLE audit_entry (
    seq         BIGINT        PRIMARY KEY,
    at_ms       BIGINT        NOT NULL,
    token_id    VARCHAR(32),
    token_name  VARCHAR(128),
    role        VARCHAR(16),
    client      VARCHAR(64),
    action      VARCHAR(32)   NOT NULL,
    target      VARCHAR(1024),
    camera_id   VARCHAR(64),
    status      INTEGER       NOT NULL,
    detail      TEXT,
    prev_hash   VARCHAR(64)   NOT NULL,
    hash        VARCHAR(64)   NOT NULL
);
CREATE INDEX audit_entry_at ON audit_entry (at_ms);

-- The chain's head (last seq and hash) and its start after retention (first kept seq, the hash it follows).
CREATE TABLE audit_head (
    id          INTEGER       PRIMARY KEY,
    seq         BIGINT        NOT NULL,
    hash        VARCHAR(64)   NOT NULL,
    first_seq   BIGINT        NOT NULL,
    anchor_hash VARCHAR(64)   NOT NULL
);
INSERT INTO audit_head (id, seq, hash, first_seq, anchor_hash) VALUES (1, 0,
    '0000000000000000000000000000000000000000000000000000000000000000', 1,
    '0000000000000000000000000000000000000000000000000000000000000000');
