/**
 * Course evaluation results benchmark (issue 13), through the channel
 * dispatcher on the encrypted database: 200 courses with 20 responses each
 * (ratings, the recommendation and an open answer), and the results of every
 * course asked for in turn, as the coordinator's screens do. The baseline,
 * measured in the same run on the same connection, is a bare SELECT of the
 * same answers (the responses and the open answers of each course): the least
 * any results screen must read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Core } from '../../main/core/index';
import { call, checkRatio, median, round, sessionOf } from './measure';

const COURSES = 200;
const ANSWERS = 20;
const ROUNDS = 11;
const SCRYPT = { N: 1024, r: 8, p: 1 };
const NOW = () => new Date('2025-06-16T12:00:00Z');

export async function benchEvaluations(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-evaluations-'));
  const core = new Core({ dataDir: dir, scrypt: SCRYPT, clock: { now: NOW } });
  try {
    await call(core, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: 'Bench Koordinator' });
    log(`evaluations: ${COURSES} courses with ${ANSWERS} responses each`);
    const courseIds: string[] = [];
    for (let c = 0; c < COURSES; c++) {
      const course = await call(core, 'courses:create', {
        name: `Evalueringskurs ${c + 1}`,
        type: (['kompetansepluss', 'fagbrev', 'other'] as const)[c % 3]!,
        place: 'Bergen',
        startDate: '2025-01-06',
        endDate: '2025-06-13',
        plannedHours: 30,
        teacher: `Lærer ${c % 12}`,
        status: 'running',
      });
      courseIds.push(course.id);
      for (let a = 0; a < ANSWERS; a++) {
        const r = (n: number) => ((a + n + c) % 5) + 1;
        await call(core, 'evaluations:enterPaper', {
          courseId: course.id,
          token: randomUUID(),
          answers: {
            ratings: { content: r(0), teacher: r(1), pace: r(2), materials: r(3), benefit: r(4) },
            choices: { recommend: a % 4 === 0 ? 'no' : 'yes' },
            texts: a % 2 === 0 ? { good: `Nyttige oppgaver i kurs ${c + 1}, svar ${a + 1}.` } : {},
          },
        });
      }
    }
    const { db } = sessionOf(core);
    const responses = db.prepare('SELECT ratings, choices FROM evaluation_responses WHERE course_id = ?');
    const open = db.prepare('SELECT id, question_id, text FROM evaluation_open_answers WHERE course_id = ?');

    const resultsTimes: number[] = [];
    const bareTimes: number[] = [];
    let checked = 0;
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      // Side by side in each round, so both see the same cache and machine load.
      let t0 = performance.now();
      let rows = 0;
      for (const courseId of courseIds) rows += responses.all(courseId).length + open.all(courseId).length;
      bareTimes.push(performance.now() - t0);
      t0 = performance.now();
      let shown = 0;
      for (const courseId of courseIds) {
        const results = await call(core, 'evaluations:results', { courseId });
        if (results.shown && results.responses === ANSWERS) shown++;
      }
      resultsTimes.push(performance.now() - t0);
      if (rows !== COURSES * (ANSWERS + ANSWERS / 2) || shown !== COURSES) throw new Error(`unexpected data: ${rows} rows, ${shown} courses shown`);
      checked++;
    }
    const metrics = {
      evaluation_results_200_courses_ms: round(median(resultsTimes), 1),
      evaluation_bare_select_200_courses_ms: round(median(bareTimes), 1),
      evaluation_results_vs_bare_select_ratio: round(median(resultsTimes) / median(bareTimes)),
    };
    const check = checkRatio(metrics.evaluation_results_vs_bare_select_ratio, 3);
    log(
      `evaluations: results of ${COURSES} courses ${metrics.evaluation_results_200_courses_ms} ms, bare select ${metrics.evaluation_bare_select_200_courses_ms} ms, ratio ${check.ratio} (at most 3) over ${checked} rounds`,
    );
    return metrics;
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
