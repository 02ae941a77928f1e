import type { ChannelName } from './channels';
import type { StaffRole } from './types';

/**
 * Who may call each channel. The core's dispatcher refuses every other role
 * with FORBIDDEN before the input is read or a handler runs; the renderer uses
 * the same table to hide what a role cannot do (hiding is a courtesy, the core
 * is what refuses).
 *
 * The table is typed over every channel of the contract: a channel added
 * without an entry here does not compile, and test/unit/roles/channel-walk
 * calls every channel with every role and compares the answer to this table.
 *
 * 'public' channels need no session (the vault's own: status, setup, unlock,
 * lock, recover with the code). A teacher's calls are also limited to the courses they are assigned
 * to; which course a call touches is resolved in the core (main/core/access.ts).
 *
 * Decisions (issue 11):
 * - Head office has every coordinator right; coordinators and head office both
 *   import batches and receipts (a coordinator's installation receives roll
 *   calls from teachers' laptops with the same mechanism).
 * - Teachers: their courses (register, sessions, roll call, sign-off, overview,
 *   attendance lists), their own UI settings, the exchange's sending side for
 *   their courses (identity, key file, peers, export, history) so a laptop can
 *   send its roll calls to the coordinator. Not certificates, provider
 *   settings, deletion, requests, the record of processing, merging, imports,
 *   receipts, trust (adding peers, approving devices) or accounts.
 * - Checking a printed certificate's code (certificates:verify, verifyHolder)
 *   is open to every staff role: it confirms what the paper in hand says.
 */
export type ChannelRoles = 'public' | readonly StaffRole[];

const ALL_STAFF = ['teacher', 'coordinator', 'headOffice'] as const satisfies readonly StaffRole[];
/** Coordinators and head office: the provider's administration. */
const ADMIN = ['coordinator', 'headOffice'] as const satisfies readonly StaffRole[];

export const channelRoles = {
  'vault:status': 'public',
  'vault:create': 'public',
  'vault:unlock': 'public',
  'vault:lock': 'public',
  'vault:changePassphrase': ALL_STAFF,
  /** With the recovery code from paper: no session yet, like unlocking. */
  'vault:recover': 'public',

  'accounts:list': ADMIN,
  'accounts:add': ADMIN,
  'accounts:remove': ADMIN,
  'accounts:resetPassphrase': ADMIN,
  'accounts:setRole': ADMIN,
  'accounts:newRecoveryCode': ADMIN,

  // settings:update's retention grace days are the provider's: refused to a teacher in the core (main/core/access.ts).
  'settings:get': ALL_STAFF,
  'settings:update': ALL_STAFF,

  'courses:list': ALL_STAFF,
  'courses:get': ALL_STAFF,
  'courses:create': ALL_STAFF,
  'courses:update': ALL_STAFF,
  'courses:delete': ADMIN,
  'courses:teachers': ADMIN,
  'courses:assignTeacher': ADMIN,
  'courses:unassignTeacher': ADMIN,

  'participants:listByCourse': ALL_STAFF,
  'participants:search': ALL_STAFF,
  'participants:get': ALL_STAFF,
  'participants:findDuplicate': ALL_STAFF,
  'participants:register': ALL_STAFF,
  'participants:enrollExisting': ALL_STAFF,
  'participants:update': ALL_STAFF,
  'participants:withdraw': ALL_STAFF,
  'participants:reinstate': ALL_STAFF,
  'participants:removeRegistration': ALL_STAFF,
  'participants:mergePreview': ADMIN,
  'participants:merge': ADMIN,

  'sessions:list': ALL_STAFF,
  'sessions:generate': ALL_STAFF,
  'sessions:add': ALL_STAFF,
  'sessions:move': ALL_STAFF,
  'sessions:setCancelled': ALL_STAFF,

  'attendance:roll': ALL_STAFF,
  'attendance:mark': ALL_STAFF,
  'attendance:unmark': ALL_STAFF,
  'attendance:markAllPresent': ALL_STAFF,
  'attendance:signOff': ALL_STAFF,
  'attendance:overview': ALL_STAFF,
  'attendance:participant': ALL_STAFF,
  'attendance:export': ALL_STAFF,
  'attendance:notices': ALL_STAFF,
  'attendance:addNotice': ALL_STAFF,
  'attendance:removeNotice': ALL_STAFF,
  'attendance:signInSheet': ALL_STAFF,

  'provider:get': ADMIN,
  'provider:update': ADMIN,

  'certificates:eligibility': ADMIN,
  'certificates:preview': ADMIN,
  'certificates:startBatch': ADMIN,
  'certificates:batchStatus': ADMIN,
  'certificates:cancelBatch': ADMIN,
  'certificates:batchResult': ADMIN,
  'certificates:verify': ALL_STAFF,
  'certificates:show': ADMIN,
  'certificates:verifyHolder': ALL_STAFF,

  'retention:due': ADMIN,
  'retention:preview': ADMIN,
  'retention:run': ADMIN,
  'retention:statistics': ADMIN,

  'privacy:erasureCheck': ADMIN,
  'privacy:erase': ADMIN,
  'privacy:accessReport': ADMIN,

  'requests:list': ADMIN,
  'requests:create': ADMIN,
  'requests:resolve': ADMIN,
  'requests:summary': ADMIN,

  // Reporting to funders is head office's work (the design's coordinator); a teacher's laptop sends roll calls instead.
  'reports:availability': ADMIN,
  'reports:kompetanseplussStart': ADMIN,
  'reports:kompetanseplussCompletion': ADMIN,
  'reports:grant': ADMIN,

  'processing:get': ADMIN,
  'processing:update': ADMIN,
  'processing:pdf': ADMIN,

  'exchange:identity': ALL_STAFF,
  'exchange:setRole': ADMIN,
  'exchange:keyFile': ALL_STAFF,
  'exchange:readKeyFile': ADMIN,
  'exchange:addPeer': ADMIN,
  'exchange:peers': ALL_STAFF,
  'exchange:export': ALL_STAFF,
  'exchange:inspect': ADMIN,
  'exchange:approveDevice': ADMIN,
  'exchange:apply': ADMIN,
  'exchange:receipt': ADMIN,
  'exchange:importReceipt': ADMIN,
  'exchange:history': ALL_STAFF,

  // Evaluations (issue 13): a teacher works with their own course's form, kiosk, paper sheets and figures
  // (open answers stay with coordinators, who remove names); across courses, deleting and CSV are the administration's.
  'evaluations:form': ALL_STAFF,
  'evaluations:saveForm': ALL_STAFF,
  'evaluations:useDefault': ALL_STAFF,
  'evaluations:results': ALL_STAFF,
  'evaluations:summary': ADMIN,
  'evaluations:deleteOpenAnswer': ADMIN,
  'evaluations:exportPdf': ALL_STAFF,
  'evaluations:exportCsv': ADMIN,
  'evaluations:paperForm': ALL_STAFF,
  'evaluations:enterPaper': ALL_STAFF,

  'kiosk:start': ALL_STAFF,
  'kiosk:status': ALL_STAFF,
  'kiosk:form': ALL_STAFF,
  'kiosk:submit': ALL_STAFF,
  'kiosk:leave': ALL_STAFF,
  // A teacher may register participants on their own courses one by one; a list from the employer is the same right (access.ts scopes it).
  'import:employers': ALL_STAFF,
  'import:preview': ALL_STAFF,
  'import:apply': ALL_STAFF,
  'import:badRows': ALL_STAFF,
} as const satisfies { readonly [C in ChannelName]: ChannelRoles };

/** Whether a role may call a channel (public channels: anyone, signed in or not). */
export function mayCall(role: StaffRole | null | undefined, channel: ChannelName): boolean {
  const roles: ChannelRoles = channelRoles[channel];
  if (roles === 'public') return true;
  return role != null && roles.includes(role);
}

/**
 * The only channels the core answers while the evaluation kiosk runs: the
 * kiosk's own, and the vault's status (a reloaded page asks it first). The
 * dispatcher refuses everything else with KIOSK_ACTIVE, whatever the UI shows.
 */
export const KIOSK_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>(['vault:status', 'kiosk:status', 'kiosk:form', 'kiosk:submit', 'kiosk:leave']);
