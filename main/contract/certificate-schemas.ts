import { z } from 'zod';
import type { ValidationKey } from './messages';
import { id, optionalMultiLine, singleLine } from './schemas';

/** Input schemas for provider settings and course certificates (kursbevis). Issue messages are validation keys. */

const msg = (key: ValidationKey) => ({ error: key });

const text = singleLine;

// ---------- provider (the course provider printed on every certificate) ----------

/** Largest logo accepted, in bytes: enough for a crisp print logo, small enough for a thousand-page batch. */
export const LOGO_MAX_BYTES = 300 * 1024;

const ORGANISATION_NUMBER_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Norwegian organisation number: 9 digits whose last is a MOD11 check digit over the first 8. */
export function isValidOrganisationNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const sum = ORGANISATION_NUMBER_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(digits[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(digits[8]);
}

/** "923 609 016" → "923609016". */
export const organisationNumber = z
  .string(msg('organisationNumberInvalid'))
  .max(20, msg('organisationNumberInvalid'))
  .transform((v) => v.replace(/[\s.]/g, ''))
  .refine(isValidOrganisationNumber, msg('organisationNumberInvalid'));

export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;

/** The image type its first bytes announce (PNG or JPEG), or null. Works in Node and the browser (atob). */
export function logoTypeOf(base64: string): (typeof LOGO_TYPES)[number] | null {
  let head: string;
  try {
    head = atob(base64.slice(0, 16));
  } catch {
    return null;
  }
  const bytes = Array.from(head, (c) => c.charCodeAt(0));
  const starts = (magic: number[]) => magic.every((b, i) => bytes[i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

/** Decoded size of a base64 string without decoding it. */
const base64Bytes = (b64: string) => Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

export const logoInput = z
  .strictObject({
    /** Optional: the type is read from the file's magic bytes, never trusted from the caller. */
    mimeType: z.enum(LOGO_TYPES, msg('logoType')).optional(),
    base64: z
      .string(msg('logoType'))
      .transform((v) => v.replace(/\s/g, ''))
      .refine((v) => v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v), msg('logoType'))
      .refine((v) => base64Bytes(v) <= LOGO_MAX_BYTES, msg('logoTooLarge'))
      .refine((v) => logoTypeOf(v) !== null, msg('logoType')),
  })
  .superRefine((logo, ctx) => {
    if (logo.mimeType && typeof logo.base64 === 'string' && logoTypeOf(logo.base64) !== logo.mimeType) {
      ctx.addIssue({ code: 'custom', path: ['mimeType'], message: 'logoType' });
    }
  });

export const providerGetInput = z.strictObject({});

export const providerUpdateInput = z.strictObject({
  name: text(200),
  street: text(200),
  postalCode: z.string(msg('postalCode')).trim().regex(/^\d{4}$/, msg('postalCode')),
  city: text(100),
  organisationNumber,
  /** Omitted: keep the logo on file; null: remove it. */
  logo: logoInput.nullable().optional(),
});

// ---------- certificates ----------

export const certificateLanguage = z.enum(['nb', 'en'], msg('invalidValue'));

const overrideReason = optionalMultiLine(500);

export const certificateEligibilityInput = z.strictObject({ courseId: id });

/** Human-friendly: "7K2M-9QX4-TD" (Crockford base32, case and separators ignored, I/L read as 1 and O as 0). */
export const verificationCode = z
  .string(msg('verificationCodeInvalid'))
  .max(40, msg('verificationCodeInvalid'))
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0'))
  .refine((v) => /^[0-9A-HJKMNP-TV-Z]{10}$/.test(v), msg('verificationCodeInvalid'));

export const certificateVerifyInput = z.strictObject({ code: verificationCode });

/** An issued certificate, by its register id, to show or print again exactly as issued. */
export const certificateShowInput = z.strictObject({ certificateId: id });

export const certificatePreviewInput = z.strictObject({ courseId: id, participantId: id, language: certificateLanguage.optional() });

/**
 * One participant of a batch. Someone with no valid certificate for the course
 * gets a new one. Someone who has one gets that same certificate printed again
 * (same number and code: papers already handed out stay valid), unless
 * `replaceReason` asks for a new certificate that replaces it.
 */
export const certificateBatchItem = z.strictObject({
  participantId: id,
  /** Norwegian bokmål unless asked otherwise, per new certificate (a reprint keeps the language it was issued in). */
  language: certificateLanguage.optional(),
  /** Required when the participant is not eligible; recorded with the certificate. */
  overrideReason,
  /** Replace the participant's valid certificate with a new one, for this reason (recorded with the new one). */
  replaceReason: overrideReason,
});

/** At most this many certificates in one batch (a very large course, with room to spare). */
export const MAX_BATCH = 5000;

export const certificateBatchOutput = z.discriminatedUnion(
  'mode',
  [
    z.strictObject({ mode: z.literal('single') }),
    z.strictObject({
      mode: z.literal('perParticipant'),
      /**
       * A folder the user picked, as the handle the main process gave for it
       * (never a path: the renderer cannot make the app write where it likes).
       */
      folderId: z.uuid(msg('folderRequired')),
    }),
  ],
  msg('invalidValue'),
);

export const certificateStartBatchInput = z
  .strictObject({
    courseId: id,
    items: z.array(certificateBatchItem, msg('invalidValue')).min(1, msg('selectParticipants')).max(MAX_BATCH, msg('tooMany')),
    output: certificateBatchOutput,
  })
  .superRefine((batch, ctx) => {
    const seen = new Set<string>();
    batch.items.forEach((item, i) => {
      if (seen.has(item.participantId)) ctx.addIssue({ code: 'custom', path: ['items', i, 'participantId'], message: 'duplicateInBatch' });
      seen.add(item.participantId);
    });
  });

export const certificateJobInput = z.strictObject({ jobId: id });

export type ProviderUpdate = z.output<typeof providerUpdateInput>;
export type CertificateBatchItem = z.output<typeof certificateBatchItem>;
export type CertificateBatchOutput = z.output<typeof certificateBatchOutput>;
