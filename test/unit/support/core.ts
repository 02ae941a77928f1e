import type { ChannelInput, ChannelName, ChannelResult } from '../../../main/contract/channels';
import type { AppErrorShape, Envelope } from '../../../main/contract/envelope';
import type { CourseFieldsInput, ParticipantFieldsInput } from '../../../main/contract/schemas';
import type { CourseType, PostalAddress } from '../../../main/contract/types';
import type { Clock } from '../../../main/core/clock';
import { Core } from '../../../main/core/index';
import type { CoreOptions } from '../../../main/core/index';
import type { ScryptParams } from '../../../main/core/vault';
import { makeTempDir, onCleanUp } from '../../support/temp';

export { makeTempDir };

/** Cheap scrypt so tests that create and unlock vaults stay fast. */
export const FAST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

export const TEST_PASSPHRASE = 'korrekt hest batteri stift';
export const TEST_STAFF = { staffName: 'Lærer Testesen', role: 'coordinator' } as const;

/** "Now" for tests: a Monday in spring, so sample courses and birth dates are plausible. */
export const TEST_NOW = '2025-03-10T09:00:00.000Z';

/** One minute in milliseconds, for moving a test clock. */
export const MINUTE = 60_000;

export interface TestClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function makeClock(start: string = TEST_NOW): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (iso) => {
      now = new Date(iso).getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A Core on a temp data folder with fast scrypt and a controllable clock (override any option); closed when the test file ends. */
export function newCore(opts: Partial<CoreOptions> = {}): Core {
  // A temp folder only when none is given: the crash writers are killed, so one made in them is never removed.
  const core = new Core({ scrypt: FAST_SCRYPT, clock: makeClock(), ...opts, dataDir: opts.dataDir ?? makeTempDir() });
  onCleanUp(() => core.close());
  return core;
}

export interface UnlockedCore {
  core: Core;
  dir: string;
  clock: TestClock;
  /** `dispatchOk` on this core. */
  ok<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>;
  /** `dispatchError` on this core. */
  fail(channel: unknown, input: unknown): Promise<AppErrorShape>;
}

/** A Core whose vault has been created (so it is unlocked), with its data folder, clock and dispatch shorthands. */
export async function createUnlockedCore(opts: Partial<CoreOptions> = {}): Promise<UnlockedCore> {
  const dir = opts.dataDir ?? makeTempDir();
  const clock = (opts.clock as TestClock | undefined) ?? makeClock();
  const core = newCore({ ...opts, dataDir: dir, clock });
  await dispatchOk(core, 'vault:create', { passphrase: TEST_PASSPHRASE, ...TEST_STAFF });
  return {
    core,
    dir,
    clock,
    ok: (channel, input) => dispatchOk(core, channel, input),
    fail: (channel, input) => dispatchError(core, channel, input),
  };
}

/** Dispatches a call that must succeed and returns its value; fails with the error envelope otherwise. */
export async function dispatchOk<C extends ChannelName>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const envelope = (await core.dispatch(channel, input)) as Envelope<ChannelResult<C>>;
  if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

/** Dispatches a call that must fail (on any channel name: unknown ones must be refused too) and returns its error. */
export async function dispatchError(core: Core, channel: unknown, input: unknown): Promise<AppErrorShape> {
  const envelope = await core.dispatch(channel, input);
  if (envelope.ok) throw new Error(`${String(channel)} unexpectedly succeeded: ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

/** A valid `courses:create` input of the given type. */
export function sampleCourse(type: CourseType = 'other', overrides: Partial<CourseFieldsInput> = {}): CourseFieldsInput {
  const names: Record<CourseType, string> = {
    kompetansepluss: 'Norsk på arbeidsplassen',
    fagbrev: 'Fagbrev i helsearbeiderfaget',
    studieforbund: 'Tegnspråk for nybegynnere',
    bedriftsbetalt: 'Truckførerkurs',
    other: 'Digitale ferdigheter',
  };
  return {
    name: names[type],
    type,
    place: 'Ålesund',
    startDate: '2025-04-01',
    endDate: '2025-06-30',
    plannedHours: 40,
    teacher: 'Lærer Testesen',
    description: 'Kurs for voksne.',
    learningGoals: 'Deltakeren kan mer etter kurset.',
    status: 'planned',
    ...overrides,
  };
}

/** The postal address a trade-certificate ("fagbrev") participant needs. */
export const SAMPLE_ADDRESS: PostalAddress = { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' };

/** A valid participant (no address: add `address: SAMPLE_ADDRESS` for a fagbrev course). */
export function sampleParticipant(overrides: Partial<ParticipantFieldsInput> = {}): ParticipantFieldsInput {
  return {
    firstName: 'Kari',
    lastName: 'Nordmann',
    birthDate: '1985-06-15',
    email: 'kari.nordmann@example.no',
    mobile: '912 34 567',
    gender: 'female',
    interests: 'Fagbrev',
    consent: { keepAfterCourse: false },
    ...overrides,
  };
}

/** A registration source that fits the course type (employer only for Kompetansepluss). */
export function sampleEnrollment(type: CourseType = 'other'): ChannelInput<'participants:register'>['enrollment'] {
  return type === 'kompetansepluss' ? { source: 'employer', employerName: 'Byggmester Hansen AS' } : { source: 'teacher' };
}
