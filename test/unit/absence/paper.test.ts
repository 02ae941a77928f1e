import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchError, dispatchOk, makeTempDir } from '../support/core';
import { coreDatabase } from '../support/storage';
import { attendanceFixture } from '../attendance/helpers';

/** The paper backup (issue 12, item 7): blank sign-in sheets, and who signed off each roll call in the attendance list. */

function pdfText(file: { fileName: string; base64: string }): string {
  const pdf = path.join(makeTempDir(), 'sheet.pdf');
  writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

describe('sign-in sheet', () => {
  it('prints one session with its weekday and date, the names in roll-call order, and marks a notice without its reason', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(12);
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[6]!, participantId: participantIds[0]!, reason: 'childIllness' });
    const file = await dispatchOk(core, 'attendance:signInSheet', { sessionId: sessionIds[6]!, layout: 'session' });
    expect(file.mimeType).toBe('application/pdf');
    expect(file.fileName).toBe('Signeringsliste – Digitale ferdigheter – 22.04.2025.pdf');
    const text = pdfText(file);
    expect(text).toContain('Signeringsliste – Digitale ferdigheter');
    expect(text).toContain('tirsdag 22.04.2025 09.00–11.30');
    const roll = await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[6]! });
    const names = roll.rows.map((r) => `${r.lastName}, ${r.firstName}`);
    const positions = names.map((name) => text.indexOf(name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions); // printed in the roll call's order
    expect(text).toContain('Meldt fravær');
    expect(text).not.toMatch(/sykdom/i);
    // Recorded as a disclosure for everyone on it.
    expect(coreDatabase(core).prepare('SELECT count(*) FROM disclosure_participants').pluck().get()).toBe(12);
  });

  it('prints a week from Monday with a column per session, and says so when the week has none', async () => {
    const { core, sessionIds } = await attendanceFixture(3);
    // Thursday 10 April: its week is Monday 7 to Sunday 13 April, with Tuesday 8 and Thursday 10.
    const text = pdfText(await dispatchOk(core, 'attendance:signInSheet', { sessionId: sessionIds[3]!, layout: 'week' }));
    expect(text).toContain('Uke 07.04.2025–13.04.2025');
    expect(text).toContain('tirsdag 08.04.2025');
    expect(text).toContain('torsdag 10.04.2025');
    expect(text).not.toContain('03.04.2025');
    expect(text).toContain('Hansen, Per');
    await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[2]!, cancelled: true });
    await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[3]!, cancelled: true });
    expect(pdfText(await dispatchOk(core, 'attendance:signInSheet', { sessionId: sessionIds[3]!, layout: 'week' }))).toContain('Ingen økter denne uken.');
    expect((await dispatchError(core, 'attendance:signInSheet', { sessionId: sessionIds[0]!, layout: 'month' })).code).toBe('VALIDATION');
  });
});

describe('attendance list PDF', () => {
  it('shows who signed off each session and when, and which are not signed', async () => {
    const { core, clock, sessionIds, participantIds } = await attendanceFixture(2);
    for (const sessionId of sessionIds.slice(0, 2)) {
      for (const participantId of participantIds) await dispatchOk(core, 'attendance:mark', { sessionId, participantId, status: 'present' });
    }
    clock.set('2025-04-20T13:05:00.000Z');
    await dispatchOk(core, 'attendance:signOff', { sessionId: sessionIds[0]! });
    const courseId = (await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[0]! })).session.courseId;
    const text = pdfText(await dispatchOk(core, 'attendance:export', { courseId, format: 'pdf' }));
    expect(text).toContain('Signering av oppropet');
    // 13.05 UTC is 15.05 in Norway in April (summer time); the account is the test's staff account.
    expect(text).toMatch(/01\.04\.2025 09\.00–11\.30: signert 20\.04\.2025 kl\. 15\.05 av Lærer Testesen/);
    expect(text).toMatch(/03\.04\.2025 09\.00–11\.30: ikke signert/);
  });
});
