import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import type { ProcessingUpdate } from '../../contract/privacy-schemas';
import { DATA_CATEGORIES, REQUEST_DAYS } from '../../contract/privacy-schemas';
import { COURSE_TYPES, registersEmployer } from '../../contract/schemas';
import type { CourseType, DataCategory, ProcessingController, ProcessingRecord } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ProviderService } from './certificates-provider';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { Disclosures } from './disclosures';
import { retentionOf } from './retention-rules';
import type { SettingsStore } from './settings';

const KEY = 'processing';

/** The controller's privacy contact details; name, address and organisation number are the provider's. */
interface StoredProcessing {
  contactEmail: string;
  privacyContact: string | null;
  updatedAt: string;
}

/**
 * What the app stores about a participant on a course of each type. The same
 * rules the participant service enforces: a postal address only for
 * trade-certificate courses, an employer only for Kompetansepluss and
 * employer-paid courses (registrations from an employer); the rest for everyone,
 * absence reasons included (any roll call can record one; they stay on the
 * device where they were recorded, see exchange/collect.ts).
 */
export const storesAddress = (type: CourseType) => type === 'fagbrev';
export const storesEmployer = registersEmployer;

export function categoriesFor(type: CourseType): DataCategory[] {
  return DATA_CATEGORIES.filter((category) => (category === 'address' ? storesAddress(type) : category === 'employer' ? storesEmployer(type) : true));
}

/**
 * The record of processing activities (GDPR art. 30) for course participants,
 * built from the app's own rules, data and settings: the privacy statement's
 * purposes and recipients, the categories each course type stores, the
 * retention rule per course type with the grace days setting, the security
 * measures with the auto-lock setting, what is held now and what has been
 * disclosed. Only the controller's own details are typed in.
 */
export class ProcessingService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: SettingsStore,
    private readonly provider: ProviderService,
    private readonly disclosures: Disclosures,
    private readonly audit: AuditLog,
  ) {
    this.sql = statementCache(ctx.db);
  }

  controller(): ProcessingController {
    const provider = this.provider.get();
    const stored = this.stored();
    return {
      name: provider?.name ?? null,
      address: provider?.address ?? null,
      organisationNumber: provider?.organisationNumber ?? null,
      contactEmail: stored?.contactEmail ?? null,
      privacyContact: stored?.privacyContact ?? null,
    };
  }

  /** The controller, or null while nothing about them is filled in (for the access report's letterhead). */
  controllerIfAny(): ProcessingController | null {
    const controller = this.controller();
    return controller.name === null && controller.contactEmail === null ? null : controller;
  }

  get(): ProcessingRecord {
    const controller = this.controller();
    const { retentionGraceDays, idleLockMinutes } = this.settings.settings();
    const types = [...COURSE_TYPES];
    return {
      controller,
      controllerComplete: isComplete(controller),
      purposes: [
        ...(['identification', 'communication', 'attendance', 'certificates', 'evaluation'] as const).map((purpose) => ({
          purpose,
          courseTypes: types,
        })),
        // The statement: Kompetansepluss participants are reported to Kompetanse Norge when the course starts.
        { purpose: 'fundingReport', courseTypes: ['kompetansepluss'] },
      ],
      categoriesByCourseType: Object.fromEntries(types.map((type) => [type, categoriesFor(type)])) as Record<CourseType, DataCategory[]>,
      // The privacy statement's recipients of course data. Open courses other than fagbrev are handled as fagbrev courses are.
      recipients: [
        { recipient: 'superOffice', role: 'processor', scope: { kompetansepluss: 'allCourseData' } },
        {
          recipient: 'frontCore',
          role: 'processor',
          scope: {
            kompetansepluss: 'identityAndContact',
            fagbrev: 'allCourseData',
            studieforbund: 'allCourseData',
            bedriftsbetalt: 'allCourseData',
            other: 'allCourseData',
          },
        },
        { recipient: 'kompetanseNorge', role: 'thirdParty', scope: { kompetansepluss: 'requiredByAgreement' } },
      ],
      retention: types.map((courseType) => {
        // The rule itself comes from retentionOf, the function the courses use.
        const { rule } = retentionOf({ type: courseType, endDate: '2000-01-01', financialReportApprovedAt: null, personalDataErasedAt: null }, 0, '2000-01-02');
        return { courseType, rule, graceDays: rule === 'afterEnd' ? retentionGraceDays : null };
      }),
      requestDays: REQUEST_DAYS,
      security: [
        { measure: 'encryptionAtRest' },
        { measure: 'passphrase' },
        { measure: 'autoLock', minutes: idleLockMinutes },
        { measure: 'auditLog' },
        { measure: 'secureDelete' },
        { measure: 'privateFiles' },
      ],
      heldNow: this.heldNow(types),
      disclosures: this.disclosures.summary(),
      updatedAt: this.stored()?.updatedAt ?? null,
    };
  }

  /**
   * Saves the controller's details: name, address and organisation number into
   * the provider settings (the certificates print the same), the privacy
   * contact here; one transaction, audited by field name.
   */
  update(input: ProcessingUpdate): ProcessingRecord {
    const before = this.controller();
    const stored = this.stored();
    const next: StoredProcessing = { contactEmail: input.contactEmail, privacyContact: input.privacyContact ?? null, updatedAt: isoNow(this.ctx.clock) };
    const providerChanged =
      before.name !== input.name ||
      before.organisationNumber !== input.organisationNumber ||
      JSON.stringify(before.address) !== JSON.stringify({ street: input.street, postalCode: input.postalCode, city: input.city });
    const changed = [
      stored?.contactEmail !== next.contactEmail && 'contactEmail',
      (stored?.privacyContact ?? null) !== next.privacyContact && 'privacyContact',
    ].filter((field): field is string => typeof field === 'string');
    this.ctx.db.transaction(() => {
      if (providerChanged) {
        this.provider.update({ name: input.name, street: input.street, postalCode: input.postalCode, city: input.city, organisationNumber: input.organisationNumber });
      }
      if (changed.length > 0 || !stored) {
        this.settings.set(KEY, JSON.stringify(next));
        this.audit.record({ action: 'settings', entity: 'settings', entityId: KEY, fields: changed });
      }
    })();
    return this.get();
  }

  /** The record, when it can be printed; CONTROLLER_MISSING while the controller's details are incomplete. */
  printable(): ProcessingRecord & { generatedOn: string } {
    const record = this.get();
    if (!record.controllerComplete) throw new AppError('CONTROLLER_MISSING');
    return { ...record, generatedOn: todayInNorway(this.ctx.clock) };
  }

  private heldNow(types: CourseType[]): ProcessingRecord['heldNow'] {
    const rows = this.sql(
      `SELECT c.type, count(DISTINCT c.id) AS courses, count(DISTINCT e.participant_id) AS participants
       FROM courses c LEFT JOIN participant_enrollments e ON e.course_id = c.id
       WHERE c.personal_data_erased_at IS NULL GROUP BY c.type`,
    ).all() as { type: CourseType; courses: number; participants: number }[];
    const held = Object.fromEntries(types.map((type) => [type, { courses: 0, participants: 0 }])) as ProcessingRecord['heldNow'];
    for (const row of rows) held[row.type] = { courses: row.courses, participants: row.participants };
    return held;
  }

  private stored(): StoredProcessing | null {
    const raw = this.settings.get(KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as StoredProcessing;
    } catch {
      return null;
    }
  }
}

const isComplete = (c: ProcessingController) => c.name !== null && c.address !== null && c.organisationNumber !== null && c.contactEmail !== null;
