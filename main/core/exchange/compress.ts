import { gzip } from 'node:zlib';

/**
 * Gzip that runs in libuv's threadpool while the caller keeps producing the
 * input on the main thread (a batch's payload is compressed as it is read
 * from the database). Every MEMBER_BYTES or more become a gzip member of
 * their own, started at once: a gzip file is a series of members (RFC 1952,
 * 2.2), which `gunzip` and node:zlib read back as one stream. The members are
 * joined in the order written.
 */
const MEMBER_BYTES = 256 * 1024;

export class GzipInBackground {
  private readonly members: Promise<Buffer>[] = [];
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  write(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= MEMBER_BYTES) this.startMember();
  }

  /** The whole gzip file (one empty member for no input), once every member is compressed. */
  async end(): Promise<Buffer> {
    if (this.pendingBytes > 0 || this.members.length === 0) this.startMember();
    return Buffer.concat(await Promise.all(this.members));
  }

  private startMember(): void {
    const input = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.members.push(
      new Promise((resolve, reject) =>
        // The fastest level (within a few per cent of the default's size here; zlib's largest hash table makes it
        // faster still). An output buffer of a third of the input holds a payload's member (JSON compresses about
        // 7:1), so it is one trip to the threadpool with no turn of the event loop in between; less compressible
        // input takes more trips, and comes out the same.
        gzip(input, { level: 1, memLevel: 9, chunkSize: Math.max(64 * 1024, Math.ceil(input.length / 3)) }, (error, result) =>
          error ? reject(error) : resolve(result),
        ),
      ),
    );
  }
}
