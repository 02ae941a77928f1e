import type { ChannelInput, ChannelName, ChannelResult } from './channels';
import { channelNames } from './channels';
import type { Envelope } from './envelope';

/**
 * window.neo: one function per channel, grouped by the part before the colon,
 * so 'participants:register' is neo.participants.register(input).
 */
type Namespace<C extends string> = C extends `${infer NS}:${string}` ? NS : never;
type Method<C extends string, NS extends string> = C extends `${NS}:${infer M}` ? M : never;

export type NeoApi = {
  [NS in Namespace<ChannelName>]: {
    [M in Method<ChannelName, NS>]: `${NS}:${M}` extends infer C extends ChannelName
      ? (input: ChannelInput<C>) => Promise<Envelope<ChannelResult<C>>>
      : never;
  };
};

/** Builds a NeoApi from one transport function; used by the preload and the browser harness. */
export function buildNeoApi(invoke: (channel: ChannelName, input: unknown) => Promise<unknown>): NeoApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of channelNames) {
    const [ns, method] = name.split(':') as [string, string];
    api[ns] ??= {};
    api[ns][method] = (input: unknown) => invoke(name, input ?? {});
  }
  return api as unknown as NeoApi;
}
