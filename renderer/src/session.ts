import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { Language } from '@contract/messages';
import type { CreatedVault, Session, Settings } from '@contract/types';
import { i18n, setLanguage } from './i18n';
import { call, neo } from './neo';
import { showLocked, useNav, useSession } from './stores';
import type { Route } from './stores/nav';
import type { LockReason } from './stores/session';

/**
 * The session's actions: start, first-run setup, unlock, lock, settings. They
 * own the vault and settings calls (the state they change is stores/session.ts);
 * they live here, not in that store, because locking resets every other store.
 */

/** Reads the vault state at start. An already unlocked core (a reloaded page) is locked again: every start asks for the passphrase. */
export async function startApp(): Promise<void> {
  const status = await call(() => neo().vault.status({}));
  if (!status.ok) {
    useSession.getState().setPhase('unavailable', status.error.message);
    return;
  }
  setLanguage(status.value.language);
  if (status.value.state === 'uninitialized') {
    useSession.getState().setPhase('uninitialized');
    return;
  }
  // The evaluation kiosk belongs to the core: a reloaded page goes straight back into it (and the core would refuse the lock anyway).
  if (status.value.kiosk) {
    useSession.getState().setPhase('kiosk');
    return;
  }
  if (status.value.state === 'unlocked') await call(() => neo().vault.lock({}));
  showLocked('start');
}

/**
 * First run: creates the vault, then keeps the language chosen on the setup
 * screen as the user's setting. The envelope tells the form what was wrong.
 * The app opens only after `finishSetup`, once the recovery code has been written down.
 */
export async function createVault(input: ChannelInput<'vault:create'>, language: Language): Promise<Envelope<CreatedVault>> {
  const created = await call(() => neo().vault.create(input));
  if (!created.ok) return created;
  let session = created.value;
  if (session.language !== language) {
    const settings = await call(() => neo().settings.update({ language }));
    // The vault exists either way; a language that could not be kept can still be chosen in the settings.
    if (settings.ok) session = { ...session, ...settings.value };
  }
  return { ok: true, value: session };
}

/** Opens the app after setup; the recovery code is not kept anywhere in the renderer. */
export async function finishSetup(created: CreatedVault): Promise<void> {
  const { recoveryCode: _shownOnce, ...session } = created;
  await signedIn(session);
}

/** Unlocks with the recovery code as a coordinator and sets that coordinator's new passphrase. */
export async function recover(input: ChannelInput<'vault:recover'>): Promise<Envelope<Session>> {
  const result = await call(() => neo().vault.recover(input));
  if (result.ok) await signedIn(result.value);
  return result;
}

/** Unlocks with the passphrase and returns to where the user was. */
export async function unlock(input: ChannelInput<'vault:unlock'>): Promise<Envelope<Session>> {
  const result = await call(() => neo().vault.unlock(input));
  if (result.ok) await signedIn(result.value);
  return result;
}

/** The account that was last unlocked here: only it gets its place back after a lock. */
let lastAccountId: string | null = null;

async function signedIn(session: Session): Promise<void> {
  setLanguage(session.language);
  // Someone else starts at the course list: the last person's screen may be one their role cannot open.
  if (lastAccountId !== null && lastAccountId !== session.accountId) useNav.getState().go({ name: 'courses' });
  else await restorePlace();
  lastAccountId = session.accountId;
  useSession.getState().signIn(session);
}

/**
 * After an unlock by the same account, the screen the user was on comes back
 * (the route holds only ids; each screen reads its data again). If what it shows no longer exists,
 * the course list opens instead, with a word about why.
 */
async function restorePlace(): Promise<void> {
  const { route, go } = useNav.getState();
  if (await placeExists(route)) return;
  go({ name: 'courses' }, i18n.t('layout.placeGone'));
}

/** Whether every id in a route still names something in the core. Only existence is checked; nothing read is kept. */
async function placeExists(route: Route): Promise<boolean> {
  const checks: Promise<boolean>[] = [];
  const courseId = 'courseId' in route ? route.courseId : undefined;
  if (courseId) checks.push(call(() => neo().courses.get({ id: courseId })).then((r) => r.ok));
  if (route.name === 'rollCall') {
    checks.push(
      call(() => neo().sessions.list({ courseId: route.courseId })).then((r) => r.ok && r.value.sessions.some((s) => s.id === route.sessionId)),
    );
  }
  if (route.name === 'participantEdit') {
    checks.push(call(() => neo().participants.get({ courseId: route.courseId, participantId: route.participantId })).then((r) => r.ok));
  }
  return (await Promise.all(checks)).every(Boolean);
}

/** Locks the vault in the main process, then forgets everything the renderer held except where the user was. */
export async function lockNow(reason: LockReason): Promise<void> {
  await call(() => neo().vault.lock({}));
  showLocked(reason);
}

/** Saves the language and idle time; the whole app follows the language at once. */
export async function saveSettings(input: ChannelInput<'settings:update'>): Promise<Envelope<Settings>> {
  const result = await call(() => neo().settings.update(input));
  if (result.ok) {
    useSession.getState().applySettings(result.value);
    setLanguage(result.value.language);
  }
  return result;
}

export function changePassphrase(input: ChannelInput<'vault:changePassphrase'>): Promise<Envelope<null>> {
  return call(() => neo().vault.changePassphrase(input));
}

/** Tells the core that a person is still working (its own idle lock only sees calls); vault:status is the cheapest call. */
export function reportActivity(): void {
  void neo().vault.status({});
}

/** Starts the evaluation kiosk for a course: from here the page shows the kiosk only, and the core answers nothing else. */
export async function startKiosk(courseId: string): Promise<Envelope<unknown>> {
  const result = await call(() => neo().kiosk.start({ courseId }));
  if (result.ok) useSession.getState().setPhase('kiosk');
  return result;
}

/** Leaves the kiosk with the teacher's passphrase; the app opens at the evaluation of the course the kiosk ran for. */
export async function leaveKiosk(passphrase: string): Promise<Envelope<Session>> {
  const result = await call(() => neo().kiosk.leave({ passphrase }));
  if (!result.ok) return result;
  useNav.getState().go({ name: 'evaluation', courseId: result.value.courseId });
  await signedIn(result.value.session);
  return { ok: true, value: result.value.session };
}
