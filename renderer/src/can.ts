import type { ChannelName } from '@contract/channels';
import { mayCall } from '@contract/roles';
import { useSession } from './stores/session';

/**
 * Whether the signed-in role may call a channel: the screens hide what the
 * role cannot do, from the same role table the core enforces (the core is
 * what refuses; hiding only spares the user a refusal). Outside a session no
 * screen that asks shows, so nothing is hidden there.
 */
export function can(channel: ChannelName): boolean {
  const session = useSession.getState().session;
  return session ? mayCall(session.role, channel) : true;
}

/** `can` for components: follows the session (a lock and an unlock as someone else). */
export function useCan(channel: ChannelName): boolean {
  const role = useSession((s) => s.session?.role);
  return role ? mayCall(role, channel) : true;
}
