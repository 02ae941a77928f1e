import { contract, isChannelName } from '../contract/channels';
import type { ChannelName, ChannelParsedInput, ChannelResult } from '../contract/channels';
import type { Envelope } from '../contract/envelope';
import { errorMessages, fieldKeysOf, translateValidation } from '../contract/messages';
import type { Language } from '../contract/messages';
import { AppError, classifyError } from './errors';

export type Handler<C extends ChannelName> = (input: ChannelParsedInput<C>) => ChannelResult<C> | Promise<ChannelResult<C>>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** The handlers of one feature: every channel whose name starts with `<NS>:`. */
export type HandlersOf<NS extends string> = { [C in ChannelName as C extends `${NS}:${string}` ? C : never]: Handler<C> };

export type Dispatch = (channel: unknown, input: unknown) => Promise<Envelope<unknown>>;

/**
 * Turns any call into an envelope: unknown channels and malformed input are
 * refused before a handler runs, and no exception, stack trace or SQL escapes.
 */
export function createDispatcher(
  handlers: Handlers,
  language: () => Language,
  onUnexpected: (channel: string, error: unknown) => void = () => {},
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
    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) {
      return fail(new AppError('VALIDATION', fieldKeysOf(parsed.error.issues) as Record<string, never>));
    }
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      return { ok: true, value: (await handler(parsed.data)) ?? null };
    } catch (error) {
      const appError = classifyError(error);
      if (appError.code === 'INTERNAL') onUnexpected(channel, error);
      return fail(appError);
    }
  };
}
