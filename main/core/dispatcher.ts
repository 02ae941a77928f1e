import { contract, isChannelName } from '../contract/channels';
import type { ChannelName, ChannelParsedInput, ChannelResult } from '../contract/channels';
import type { Envelope } from '../contract/envelope';
import { errorMessages, fieldKeysOf, translateValidation } from '../contract/messages';
import type { Language } from '../contract/messages';
import { channelRoles } from '../contract/roles';
import type { ChannelRoles } from '../contract/roles';
import type { StaffRole } from '../contract/types';
import { AppError, classifyError } from './errors';

export type Handler<C extends ChannelName> = (input: ChannelParsedInput<C>) => ChannelResult<C> | Promise<ChannelResult<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** The handlers of one feature: every channel whose name starts with `<NS>:`. */
export type HandlersOf<NS extends string> = { [C in ChannelName as C extends `${NS}:${string}` ? C : never]: Handler<C> };

export type Dispatch = (channel: unknown, input: unknown) => Promise<Envelope<unknown>>;

/** Who is calling: the role checked against the contract's role table, and a check of the valid input (a teacher's courses). */
export interface DispatchAccess {
  role: () => StaffRole | null;
  /** Throws (FORBIDDEN) when the call reaches outside what the caller may touch. Runs after validation, before the handler. */
  check: (channel: ChannelName, input: unknown) => void;
  /** What of a result the caller may see (a teacher: their own courses in a person's course list). */
  view?: (channel: ChannelName, value: unknown) => unknown;
  /** Throws to refuse a channel outright, before the role or input is looked at (the evaluation kiosk's lock-down). */
  gate?: (channel: ChannelName) => void;
}

/**
 * Turns any call into an envelope: unknown channels and malformed input are
 * refused before a handler runs, and no exception, stack trace or SQL escapes.
 */
export function createDispatcher(
  handlers: Handlers,
  language: () => Language,
  onUnexpected: (channel: string, error: unknown) => void = () => {},
  access?: DispatchAccess,
): Dispatch {
  const fail = (error: AppError): Envelope<never> => {
    // The language comes from the database; a failing database must still get an answer.
    let lang: Language;
    try {
      lang = language();
    } catch {
      lang = 'nb';
    }
    const fields = error.fields
      ? Object.fromEntries(
          Object.entries(error.fields).map(([field, key]) => [
            field,
            translateValidation(lang, key).replace(/\{(\w+)\}/g, (whole, name: string) => error.fieldParams?.[field]?.[name] ?? whole),
          ]),
        )
      : undefined;
    const wait = error.retryAfterSeconds;
    const message = errorMessages[lang][error.code].replace('{seconds}', String(wait ?? ''));
    return { ok: false, error: { code: error.code, message, ...(fields ? { fields } : {}), ...(wait !== undefined ? { retryAfterSeconds: wait } : {}) } };
  };

  return async (channel, input) => {
    if (!isChannelName(channel)) return fail(new AppError('UNKNOWN_CHANNEL'));
    try {
      access?.gate?.(channel);
    } catch (error) {
      return fail(classifyError(error));
    }
    const roles: ChannelRoles = channelRoles[channel];
    let signedIn = true;
    if (access && roles !== 'public') {
      // The role decides before anything of the input is read. While locked there is no role: VAULT_LOCKED below.
      let role: StaffRole | null;
      try {
        role = access.role();
      } catch (error) {
        // The role is read from the database: one that cannot be read refuses the call, as a handler's failure would.
        const appError = classifyError(error);
        if (appError.code === 'INTERNAL') onUnexpected(channel, error);
        return fail(appError);
      }
      if (role === null) signedIn = false;
      else if (!roles.includes(role)) return fail(new AppError('FORBIDDEN'));
    }
    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) {
      return fail(new AppError('VALIDATION', fieldKeysOf(parsed.error.issues) as Record<string, never>));
    }
    if (!signedIn) return fail(new AppError('VAULT_LOCKED'));
    try {
      access?.check(channel, parsed.data);
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = (await handler(parsed.data)) ?? null;
      return { ok: true, value: access?.view ? access.view(channel, value) : value };
    } catch (error) {
      const appError = classifyError(error);
      if (appError.code === 'INTERNAL') onUnexpected(channel, error);
      return fail(appError);
    }
  };
}
