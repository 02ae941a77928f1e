import type { ChannelInput, ChannelName, ChannelResult } from '../../main/contract/channels';
import type { IdleCheckpoint } from '../../main/core/db/checkpoint';
import type { Db } from '../../main/core/db/database';
import type { Core } from '../../main/core/index';
import type { CertificateBatches } from '../../main/core/services/certificates-batch';

/** Small helpers shared by the benchmark files. */

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: number[]) => quantile(values, 0.5);

/**
 * Lets the work a call left for after its answer (the core's WAL checkpoint
 * after a call that wrote much) run before the next clock starts, so one
 * measurement never carries what the step before it left behind.
 */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** A channel call through the dispatcher that must succeed; the benchmark stops with the error otherwise. */
export async function call<C extends ChannelName>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const envelope = await core.call(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${JSON.stringify(envelope.error)}`);
  return envelope.value;
}

/**
 * The core's open session (its database and services). The benchmarks reach in
 * for what no channel offers: the same database connection for a bare baseline
 * query, and when the certificate workers are warm.
 */
export function sessionOf(core: Core): { db: Db; certificateBatches: CertificateBatches; checkpoint: IdleCheckpoint } {
  const session = (core as unknown as { session: { db: Db; certificateBatches: CertificateBatches; checkpoint: IdleCheckpoint } | null }).session;
  if (!session) throw new Error('the core is locked');
  return session;
}

/** A ratio measured in this run against its limit: absolute times vary between machines, ratios much less. */
export interface RatioCheck {
  ratio: number;
  max: number;
  within: boolean;
}

export const checkRatio = (ratio: number, max: number): RatioCheck => ({ ratio: round(ratio), max, within: ratio <= max });
