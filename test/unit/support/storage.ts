import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../main/core/db/database';
import { openDatabase } from '../../../main/core/db/database';
import type { Core } from '../../../main/core/index';
import { DATABASE_FILE, VAULT_FILE } from '../../../main/core/index';
import { VaultStore } from '../../../main/core/vault';
import { TEST_PASSPHRASE, TEST_STAFF } from './core';

/** The raw database key, unwrapped from the vault the way the core does it (as the test's first account by default). */
export async function databaseKey(dir: string, passphrase: string = TEST_PASSPHRASE, name: string = TEST_STAFF.staffName): Promise<Buffer> {
  const store = new VaultStore(path.join(dir, VAULT_FILE));
  const vault = await store.read();
  if (vault.version === 2) return store.unwrapLegacy(vault, passphrase);
  return (await store.unwrap(vault, name, passphrase)).key;
}

/** A second connection to a core's encrypted database, opened with the real pragmas. */
export function openCoreDatabase(dir: string, key: Buffer, options: { migrate?: boolean } = {}): Db {
  return openDatabase(path.join(dir, DATABASE_FILE), key, options);
}

/**
 * The core's own connection. Pragmas such as max_page_count are per connection,
 * so tests that must act on the core's connection reach it here; this fails
 * loudly if the core's private shape changes.
 */
export function coreDatabase(core: Core): Db {
  const session = (core as unknown as { session: { db?: Db } | null }).session;
  if (!session?.db?.open) throw new Error('core has no open database session');
  return session.db;
}

/** Rows in a table, counted on the core's own connection: no channel exposes raw counts. */
export function countRows(core: Core, table: 'participants' | 'participant_enrollments' | 'courses' | 'audit_log'): number {
  return (coreDatabase(core).prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file's bytes, or "absent". */
export function fileDigest(file: string): string {
  return existsSync(file) ? sha256(readFileSync(file)) : 'absent';
}

/** Digests of the database file and its WAL: equal digests mean byte-for-byte the same database. */
export function databaseDigest(dir: string): { db: string; wal: string } {
  const file = path.join(dir, DATABASE_FILE);
  return { db: fileDigest(file), wal: fileDigest(`${file}-wal`) };
}

/** Every file below a folder (recursively). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return entry.isFile() ? [full] : [];
  });
}

/** The encodings plaintext could take on disk (SQLite stores text as UTF-8 or UTF-16). */
const encodings = (text: string): { name: string; bytes: Buffer }[] => {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [
    { name: 'utf8', bytes: Buffer.from(text, 'utf8') },
    { name: 'utf16le', bytes: le },
    { name: 'utf16be', bytes: be },
  ];
};

/** Which markers (in which encoding) occur in a buffer, e.g. ["Zqxmarkør/utf8"]. */
export function findMarkers(data: Buffer, markers: readonly string[]): string[] {
  return markers.flatMap((marker) =>
    encodings(marker)
      .filter(({ bytes }) => data.includes(bytes))
      .map(({ name }) => `${marker}/${name}`),
  );
}

/** Markers found in any file below a folder, as "file: marker/encoding". */
export function findMarkersInDir(dir: string, markers: readonly string[]): string[] {
  return listFiles(dir).flatMap((file) =>
    statSync(file).size === 0 ? [] : findMarkers(readFileSync(file), markers).map((hit) => `${path.basename(file)}: ${hit}`),
  );
}

/**
 * Copies one participant row `count` times in a single statement, for tests
 * that need many rows fast. Every column is copied from the template except
 * the overrides (SQL expressions over the template `p` and the counter `n.i`),
 * so it keeps working as migrations add columns. The id and identity key are
 * always made unique.
 */
export function cloneParticipant(db: Db, templateId: string, count: number, overrides: Record<string, string> = {}): void {
  const all: Record<string, string> = {
    id: 'lower(hex(randomblob(16)))',
    identity_key: `p.identity_key || '#' || n.i || '#' || lower(hex(randomblob(4)))`,
    ...overrides,
  };
  const columns = (db.pragma('table_info(participants)') as { name: string }[]).map((c) => c.name);
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
     INSERT INTO participants (${columns.join(', ')})
     SELECT ${columns.map((c) => all[c] ?? `p.${c}`).join(', ')} FROM participants p, n WHERE p.id = @templateId`,
  ).run({ count, templateId });
}
