import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { expect } from 'vitest';
import type { ChannelInput, ChannelName, ChannelResult } from '../../../main/contract/channels';
import type { AppErrorShape, Envelope } from '../../../main/contract/envelope';
import type { CourseType } from '../../../main/contract/types';
import type { Clock } from '../../../main/core/clock';
import { Core } from '../../../main/core/index';
import type { CoreOptions } from '../../../main/core/index';

/**
 * Local helpers for the domain tests: a real Core on a real encrypted database
 * in a temp folder, driven only through core.dispatch.
 */

export const PASSPHRASE = 'korrekt hest batteri stift';
/** Cheap scrypt so tests do not spend seconds per unlock; production cost is benchmarked separately. */
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

const tempDirs: string[] = [];

export function makeTempDir(prefix = 'neo-kurs-domain-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2025-09-01T08:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export interface TestCore {
  core: Core;
  clock: ManualClock;
  dataDir: string;
  /** Calls a channel and returns the value, failing the test with the error otherwise. */
  ok<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>;
  /** Calls a channel (or any name: unknown ones must be refused too) that must fail, and returns its error. */
  fail(channel: unknown, input: unknown): Promise<AppErrorShape>;
  /** Rows in a table, read through the core's open connection. */
  count(table: 'participants' | 'participant_enrollments' | 'courses' | 'audit_log'): number;
}

export async function createUnlockedCore(options: Partial<CoreOptions> & { clock?: ManualClock } = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? makeTempDir();
  const clock = options.clock ?? new ManualClock();
  const core = new Core({ scrypt: FAST_SCRYPT, ...options, dataDir, clock });
  const created = await core.dispatch('vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Lærer', role: 'teacher' });
  expect(created.ok, JSON.stringify(created)).toBe(true);

  const ok = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> => {
    const result = (await core.dispatch(channel, input)) as Envelope<ChannelResult<C>>;
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  const fail = async (channel: unknown, input: unknown): Promise<AppErrorShape> => {
    const result = await core.dispatch(channel, input);
    if (result.ok) throw new Error(`${String(channel)} unexpectedly succeeded: ${JSON.stringify(result.value)}`);
    return result.error;
  };
  const count = (table: string) => countRows(core, table);
  return { core, clock, dataDir, ok, fail, count };
}

/** Counts rows through the core's own connection: no channel exposes raw counts, and the key never leaves the core. */
function countRows(core: Core, table: string): number {
  const db = sessionDb(core);
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** The core's open connection; tests use it to inspect rows the channels do not expose (audit log, counts). */
export function sessionDb(core: Core): Database.Database {
  const session = (core as unknown as { session: { db: Database.Database } | null }).session;
  if (!session) throw new Error('core is locked');
  return session.db;
}

export function sampleCourse(type: CourseType, overrides: Partial<ChannelInput<'courses:create'>> = {}): ChannelInput<'courses:create'> {
  const names: Record<CourseType, string> = {
    fagbrev: 'Fagbrev helsefagarbeider',
    kompetansepluss: 'Kompetansepluss norsk på arbeidsplassen',
    other: 'Excel for nybegynnere',
  };
  return {
    name: names[type],
    type,
    place: 'Tromsø',
    startDate: '2025-09-01',
    endDate: '2025-12-15',
    plannedHours: 60,
    teacher: 'Kari Lærer',
    description: 'Kurset gir grunnleggende ferdigheter.',
    learningGoals: 'Deltakeren kan bruke faget i arbeidet.',
    status: 'planned',
    ...overrides,
  };
}

type ParticipantInput = ChannelInput<'participants:register'>['participant'];

export function sampleParticipant(overrides: Partial<ParticipantInput> = {}): ParticipantInput {
  return {
    firstName: 'Åse',
    lastName: 'Ødegård',
    birthDate: '1984-03-05',
    email: 'ase.odegard@eksempel.no',
    mobile: '912 34 567',
    gender: 'female',
    interests: 'Truckførerkurs',
    consent: { keepAfterCourse: false },
    ...overrides,
  };
}

export const sampleAddress = { street: 'Storgata 1', postalCode: '9008', city: 'Tromsø' };
