import { z } from 'zod';
import type { ValidationKey } from './messages';
import { id, singleLine } from './schemas';

/**
 * Input schemas of the import of an employer's participant list (.xlsx or
 * .csv). The renderer reads the file the user chose and sends its bytes as
 * base64 with every call; the core parses, checks and previews it again each
 * time, so nothing of the file is kept between calls.
 */

const msg = (key: ValidationKey) => ({ error: key });

/** An employer's list is a few hundred rows (kilobytes); 10 MiB leaves room for formatting and bounds what one call carries. */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;

/** More rows than any employer sends for one course; a file above it is refused before it is read cell by cell. */
export const MAX_IMPORT_ROWS = 5000;

/** The statement's fields a column can fill. Address fields only count on trade-certificate courses. */
export const IMPORT_FIELDS = ['firstName', 'lastName', 'birthDate', 'email', 'mobile', 'gender', 'street', 'postalCode', 'city'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const ADDRESS_FIELDS: readonly ImportField[] = ['street', 'postalCode', 'city'];

export const IMPORT_ENCODINGS = ['utf-8', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export const importFile = z.strictObject({
  name: singleLine(255),
  base64: z
    .string(msg('invalidValue'))
    .max(Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4 + 4, msg('importFileTooLarge'))
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, msg('invalidValue')),
});

/** Per column of the file, in order: the field it fills, or null (not imported). */
const mapping = z.array(z.enum(IMPORT_FIELDS, msg('invalidValue')).nullable(), msg('invalidValue')).max(200, msg('tooMany'));

const importBase = {
  courseId: id,
  file: importFile,
  /** Who sent the list: every enrollment made gets source 'employer' and this name; the mapping is remembered under it. */
  employerName: singleLine(200),
  /** Left out: the mapping remembered for this employer, or else one guessed from the headers. */
  mapping: mapping.optional(),
  /** CSV only: left out, the core detects UTF-8 or Windows-1252 (as Excel saves). */
  encoding: z.enum(IMPORT_ENCODINGS, msg('invalidValue')).optional(),
};

export const importPreviewInput = z.strictObject(importBase);

/** What to do with a row that matches someone on file, when not the default (enrol the person on file when the name matches). */
const choice = z.strictObject({
  row: z.number(msg('invalidValue')).int(msg('invalidValue')).min(1, msg('invalidValue')),
  action: z.enum(['enrol', 'create'], msg('invalidValue')),
});

export const importApplyInput = z.strictObject({
  ...importBase,
  mapping,
  choices: z.array(choice).max(20_000, msg('tooMany')).optional(),
});

export const importBadRowsInput = z.strictObject({
  ...importBase,
  format: z.enum(['xlsx', 'csv'], msg('invalidValue')),
});

export const importEmployersInput = z.strictObject({});
