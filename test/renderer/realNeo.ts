import { rmSync } from 'node:fs';
import { buildNeoApi } from '../../main/contract/api';
import type { ChannelInput, ChannelName, ChannelResult } from '../../main/contract/channels';
import { Core } from '../../main/core/index';
import type { CoreOptions } from '../../main/core/index';
import type { StaffRole } from '../../main/contract/types';
import { makeTempDir, onCleanUp } from '../support/temp';

/**
 * window.neo backed by the real core (real encrypted database in a temp folder),
 * with every input passed through JSON as it would cross IPC or HTTP.
 */
export interface RealNeo {
  core: Core;
  dataDir: string;
  /** Calls a channel on the core directly (to seed data or check what was saved) and fails loudly on an error envelope. */
  ask: <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<ChannelResult<C>>;
  close: () => void;
}

export const PASSPHRASE = 'korrekt hest batteri stift';
/** The name of the account createVault makes (a coordinator: the first account always is). */
export const STAFF_NAME = 'Tove Lærer';

/** `options` reach the core as they are, for example a fixed clock so "today" is known. */
export function installRealNeo(options: Omit<CoreOptions, 'dataDir'> = {}): RealNeo {
  // Removed by close() after each test, and in any case when the test file ends.
  const dataDir = makeTempDir('neo-renderer-');
  const core = new Core({ scrypt: { N: 1024, r: 8, p: 1 }, ...options, dataDir });
  onCleanUp(() => core.close());
  window.neo = buildNeoApi((channel, input) => core.dispatch(channel, JSON.parse(JSON.stringify(input)) as unknown));
  const ask = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> => {
    const envelope = await core.dispatch(channel, input);
    if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${JSON.stringify(envelope.error.fields ?? {})}`);
    return envelope.value as ChannelResult<C>;
  };
  return {
    core,
    dataDir,
    ask,
    close: () => {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The name of the account `createVault` unlocks as for a role other than coordinator. */
export const accountNameFor = (role: StaffRole): string => (role === 'coordinator' ? STAFF_NAME : `${STAFF_NAME} (${role})`);

/**
 * A vault with a staff member, created through the core and left unlocked: a coordinator unless told
 * (most flows here are a coordinator's). The first account is always a coordinator, so another role is
 * a second account, unlocked in its place.
 */
export async function createVault(neo: RealNeo, role: StaffRole = 'coordinator'): Promise<void> {
  await neo.ask('vault:create', { passphrase: PASSPHRASE, staffName: STAFF_NAME });
  if (role === 'coordinator') return;
  const name = accountNameFor(role);
  await neo.ask('accounts:add', { name, role, passphrase: PASSPHRASE });
  await neo.ask('vault:lock', {});
  await neo.ask('vault:unlock', { name, passphrase: PASSPHRASE });
}

/** A vault as the app finds it on a normal start: created, then locked, so the app unlocks it through its own screen. */
export async function lockedVault(neo: RealNeo): Promise<void> {
  await createVault(neo);
  await neo.ask('vault:lock', {});
}

export const courseInput = (type: 'kompetansepluss' | 'fagbrev' | 'other', name: string): ChannelInput<'courses:create'> => ({
  name,
  type,
  place: 'Ålesund',
  startDate: '2025-09-01',
  endDate: '2025-12-15',
  plannedHours: 40,
  teacher: 'Tove Lærer',
  status: 'planned',
});
