import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { exportFileName } from '../services/attendance-export';

export const sessionHandlers = (session: SessionAccess): HandlersOf<'sessions'> => ({
  'sessions:list': ({ courseId }) => session().sessions.plan(courseId),
  'sessions:generate': ({ courseId, weekdays, startTime, endTime }) => session().sessions.generate(courseId, weekdays, startTime, endTime),
  'sessions:add': ({ courseId, date, startTime, endTime }) => session().sessions.add(courseId, date, startTime, endTime),
  'sessions:move': ({ sessionId, date, startTime, endTime }) => session().sessions.move(sessionId, date, startTime, endTime),
  'sessions:setCancelled': ({ sessionId, cancelled, reason }) => session().sessions.setCancelled(sessionId, cancelled, reason),
});

export const attendanceHandlers = (session: SessionAccess): HandlersOf<'attendance'> => {
  /** Who signed off each session, by account name, for the attendance list. */
  const signOffs = (courseId: string) =>
    session()
      .sessions.plan(courseId)
      .sessions.filter((s) => s.signedOffAt !== null)
      .map((s) => ({ sessionId: s.id, at: s.signedOffAt!, by: s.signedOffBy === null ? null : (session().accounts.get(s.signedOffBy)?.name ?? null) }));
  return {
  'attendance:roll': ({ sessionId }) => session().attendance.roll(sessionId),
  'attendance:mark': (request) => session().attendance.mark(request),
  'attendance:unmark': (request) => session().attendance.unmark(request),
  'attendance:markAllPresent': (request) => session().attendance.markAllPresent(request),
  'attendance:signOff': ({ sessionId }) => session().attendance.signOff(sessionId),
  'attendance:overview': ({ courseId }) => session().attendance.overview(courseId),
  'attendance:participant': ({ courseId, participantId }) => session().attendance.participant(courseId, participantId),
  'attendance:export': async ({ courseId, format }) => {
    const exporter = session().attendanceExport;
    const data = exporter.data(courseId);
    const file =
      format === 'csv'
        ? {
            fileName: exportFileName(data.course.name, 'csv'),
            mimeType: 'text/csv; charset=utf-8',
            base64: Buffer.from(exporter.csv(data), 'utf8').toString('base64'),
          }
        : {
            fileName: exportFileName(data.course.name, 'pdf'),
            mimeType: 'application/pdf',
            // Loaded on first use: the PDF renderer is large and start-up should not wait for it.
            base64: (await (await import('../pdf/attendance-list')).renderAttendanceListPdf(data, signOffs(courseId))).toString('base64'),
          };
    // The list leaves the app as a file: recorded for the access reports of everyone on it, once the file exists.
    session().disclosures.record({ kind: 'attendanceList', recipient: 'file', courseId, participantIds: data.rows.map((row) => row.participantId) });
    return file;
  },
  'attendance:notices': ({ courseId }) => session().absenceNotices.list(courseId),
  'attendance:addNotice': (request) => session().absenceNotices.add(request),
  'attendance:removeNotice': (request) => session().absenceNotices.remove(request),
  'attendance:signInSheet': async ({ sessionId, layout }) => {
    const data = session().signInSheets.data(sessionId, layout);
    const pdf = await import('../pdf/sign-in-sheet');
    const file = { fileName: pdf.signInSheetFileName(data), mimeType: 'application/pdf', base64: (await pdf.renderSignInSheetPdf(data)).toString('base64') };
    // A sheet of names leaves the app as a file: recorded for the access reports of everyone on it.
    session().disclosures.record({ kind: 'attendanceList', recipient: 'file', courseId: data.course.id, participantIds: data.rows.map((row) => row.participantId) });
    return file;
  },
  };
};
