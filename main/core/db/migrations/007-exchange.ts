import type { Migration } from './index';

/**
 * The head-office exchange (issue 10): encrypted, signed batches between
 * installations, and the receipts that answer them.
 *
 * - exchange_identity: this installation's own keys (an age X25519 identity
 *   and a minisign-format Ed25519 signing key). Secret, so only here, inside
 *   the encrypted database; made at vault creation or at the first unlock
 *   after this upgrade.
 * - exchange_peers: installations this one exchanges with, each approved by a
 *   person who compared its fingerprint: recipients we send to (head office, a
 *   coordinator's installation) and devices whose batches we import.
 * - exchange_batches: every batch sent or received, with its place in the
 *   sender's sequence, so a batch is never applied twice or replayed, and its
 *   receipt; exchange_batch_courses says which courses each batch carried and
 *   up to when (the next batch to that recipient starts there).
 */
export const exchange: Migration = {
  version: 7,
  name: 'head-office exchange',
  up(db) {
    db.exec(`
      CREATE TABLE exchange_identity (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        age_identity  TEXT NOT NULL,
        age_recipient TEXT NOT NULL,
        -- Ed25519 private key, PKCS#8 DER in base64; the public key as its raw 32 bytes in base64.
        signing_key   TEXT NOT NULL,
        public_key    TEXT NOT NULL,
        -- minisign's key id: 8 random bytes, as 16 hex digits.
        key_id        TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE exchange_peers (
        device_id           TEXT PRIMARY KEY,
        name                TEXT NOT NULL,
        role                TEXT NOT NULL CHECK (role IN ('head-office', 'coordinator', 'device')),
        provider_name       TEXT NOT NULL,
        organisation_number TEXT,
        age_recipient       TEXT NOT NULL,
        public_key          TEXT NOT NULL,
        key_id              TEXT NOT NULL,
        fingerprint         TEXT NOT NULL,
        -- 1: we send batches to it; 0: we only import its batches.
        is_recipient        INTEGER NOT NULL CHECK (is_recipient IN (0, 1)),
        approved_at         TEXT NOT NULL,
        approved_by         TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL
      ) STRICT;

      CREATE TABLE exchange_batches (
        id             TEXT PRIMARY KEY,
        direction      TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
        -- The recipient of a batch sent, the sender of a batch received.
        peer_device_id TEXT NOT NULL,
        sequence       INTEGER NOT NULL CHECK (sequence >= 1),
        created_at     TEXT NOT NULL,
        file_name      TEXT NOT NULL,
        file_sha256    TEXT NOT NULL,
        -- JSON: counts of records and tombstones by kind.
        counts         TEXT NOT NULL,
        -- Sent: when the recipient's receipt was imported. Received: when we wrote the receipt.
        delivered_at   TEXT,
        receipt_id     TEXT,
        applied_at     TEXT,
        recorded_at    TEXT NOT NULL,
        UNIQUE (direction, peer_device_id, sequence)
      ) STRICT;

      CREATE TABLE exchange_batch_courses (
        batch_id    TEXT NOT NULL REFERENCES exchange_batches (id) ON DELETE CASCADE,
        course_id   TEXT NOT NULL,
        -- Kept so the history can name the course after its personal data is erased.
        course_name TEXT NOT NULL,
        -- Records changed after this time went into the batch (null: everything).
        since       TEXT,
        -- ...up to this time; the next batch to the same recipient starts here.
        until       TEXT NOT NULL,
        PRIMARY KEY (batch_id, course_id)
      ) STRICT;
      CREATE INDEX exchange_batch_courses_course ON exchange_batch_courses (course_id);
    `);
  },
};
