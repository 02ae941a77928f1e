import type { ChannelInput, ChannelName, ChannelResult } from '../../main/contract/channels';
import type { Core } from '../../main/core/index';

/** Small helpers shared by the benchmark files. */

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: number[]) => quantile(values, 0.5);

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** A channel call through the dispatcher that must succeed; the benchmark stops with the error otherwise. */
export async function call<C extends ChannelName>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const envelope = await core.call(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}
