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
import { englishCourseTexts } from './010-english-course-texts';
import { absenceReasons } from './011-absence-reasons';
import { evaluations } from './012-evaluations';
import { funders } from './013-funders';
import { importMappings } from './014-import-mappings';

export interface Migration {
  /** 1-based and contiguous: migration N brings user_version from N-1 to N. */
  version: number;
  name: string;
  /**
   * The migration rebuilds tables (a new table, copy, drop, rename): the
   * migrator turns foreign keys off around its transaction, so dropping the old
   * table cascades nothing, and checks every foreign key before it commits.
   */
  rebuildsTables?: boolean;
  up(db: Db): void;
}

export const migrations: readonly Migration[] = [initialSchema, attendance, certificates, changeReasons, peopleText, privacyLifecycle, exchange, staffAccounts, courseTeachers, englishCourseTexts, absenceReasons, evaluations, funders, importMappings];
