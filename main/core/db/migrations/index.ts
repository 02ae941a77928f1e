import type { Db } from '../database';
import { initialSchema } from './001-initial-schema';
import { attendance } from './002-attendance';
import { certificates } from './003-certificates';
import { changeReasons } from './004-change-reasons';
import { peopleText } from './005-people-text';
import { privacyLifecycle } from './006-privacy-lifecycle';
import { exchange } from './007-exchange';
import { staffAccounts } from './008-staff-accounts';
import { courseTeachers } from './009-course-teachers';
import { importMappings } from './010-import-mappings';

export interface Migration {
  /** 1-based and contiguous: migration N brings user_version from N-1 to N. */
  version: number;
  name: string;
  up(db: Db): void;
}

export const migrations: readonly Migration[] = [initialSchema, attendance, certificates, changeReasons, peopleText, privacyLifecycle, exchange, staffAccounts, courseTeachers, importMappings];
