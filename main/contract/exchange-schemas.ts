import { z } from 'zod';
import type { ValidationKey } from './messages';
import { id, singleLine } from './schemas';

/**
 * Input schemas of the head-office exchange: key files, batches, receipts.
 * Files chosen by the user are read by the renderer and passed as base64;
 * the core decides what they are, verifies them and refuses anything else.
 */

const msg = (key: ValidationKey) => ({ error: key });

/** A batch of a large course is a few megabytes; this bounds what one call may carry (base64 of 32 MiB). */
export const MAX_EXCHANGE_FILE_BYTES = 32 * 1024 * 1024;

export const exchangeFile = z.strictObject({
  name: singleLine(255),
  base64: z
    .string(msg('invalidValue'))
    .max(Math.ceil(MAX_EXCHANGE_FILE_BYTES / 3) * 4 + 4, msg('tooLong'))
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, msg('invalidValue')),
});

const files = z.array(exchangeFile).min(1, msg('required')).max(40, msg('invalidValue'));

/** What an installation is in the exchange: a laptop sends, head office (or a coordinator's installation) receives. */
export const EXCHANGE_ROLES = ['device', 'coordinator', 'head-office'] as const;

export const exchangeIdentityInput = z.strictObject({});
export const exchangeSetRoleInput = z.strictObject({
  role: z.enum(EXCHANGE_ROLES, msg('invalidValue')),
  /** How others see this installation in their lists ("Kari Lærer, bærbar"). */
  deviceName: singleLine(120).optional(),
});
export const exchangeKeyFileInput = z.strictObject({});
export const exchangeReadKeyFileInput = z.strictObject({ file: exchangeFile });
export const exchangeAddPeerInput = z.strictObject({
  file: exchangeFile,
  /** The fingerprint the person compared by phone: the key must still be the one they saw. */
  fingerprint: z.string(msg('invalidValue')).max(40, msg('invalidValue')),
});
export const exchangePeersInput = z.strictObject({});
export const exchangeExportInput = z.strictObject({
  recipientId: id,
  courseIds: z.array(id).min(1, msg('required')).max(500, msg('invalidValue')),
  folderId: z.uuid(msg('folderRequired')),
  /** Everything again, not only what changed since the last batch (when a batch was lost on the way). */
  full: z.boolean().optional(),
});
export const exchangeInspectInput = z.strictObject({ files });
export const exchangeApproveDeviceInput = z.strictObject({
  /** The batch and its signature: the signature names the device and its key. */
  files,
  deviceId: id,
  fingerprint: z.string(msg('invalidValue')).max(40, msg('invalidValue')),
});
export const exchangeApplyInput = z.strictObject({ files, batchId: id });
export const exchangeReceiptInput = z.strictObject({ deviceId: id, folderId: z.uuid(msg('folderRequired')) });
export const exchangeImportReceiptInput = z.strictObject({ files });
export const exchangeHistoryInput = z.strictObject({});
