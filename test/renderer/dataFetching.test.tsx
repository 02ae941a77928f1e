import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * One way of fetching data: a feature's store (renderer/src/stores/<feature>.ts)
 * or hook (a use*.ts file) owns its calls to window.neo, through call()/neo()
 * in renderer/src/neo.ts; the session's actions live in renderer/src/session.ts.
 * Components only render and call those actions.
 */

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/src');

/** Not yet moved: their owners follow the same pattern (see the description above). */
const NOT_YET_MOVED = ['features/participants/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [path.relative(src, full).split(path.sep).join('/')] : [];
  });
}

/** The names a file imports from renderer/src/neo.ts. */
function namesFromNeo(file: string): string[] {
  const text = readFileSync(path.join(src, file), 'utf8');
  const names: string[] = [];
  for (const match of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'((?:\.\.?\/)+)neo'/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), `${match[2]}neo`));
    if (target !== 'neo') continue;
    names.push(...match[1]!.split(',').map((n) => n.trim()).filter(Boolean));
  }
  if (/window\.neo\b/.test(text) && file !== 'neo.ts') names.push('window.neo');
  return names;
}

const mayCallTheCore = (file: string) =>
  file === 'neo.ts' || file === 'session.ts' || file.startsWith('stores/') || /(^|\/)use[A-Z][A-Za-z]*\.ts$/.test(file);

describe('data fetching in the renderer', () => {
  it('happens only in stores, hooks and the session actions: components never call the core', () => {
    const files = sourceFiles(src).filter((f) => !NOT_YET_MOVED.some((prefix) => f.startsWith(prefix)));
    expect(files).toContain('features/courses/CoursePage.tsx');
    const offenders = files
      .filter((f) => !mayCallTheCore(f))
      .map((f) => [f, namesFromNeo(f).filter((name) => name === 'neo' || name === 'call' || name === 'window.neo')] as const)
      .filter(([, names]) => names.length > 0);
    expect(offenders).toEqual([]);
  });

  it('has no loader modules beside the stores', () => {
    // features/courses/data.ts stays only as a forwarder for the participant form (not yet moved).
    const loaders = sourceFiles(src).filter((f) => f.startsWith('features/') && /\/data\.ts$/.test(f));
    for (const file of loaders) {
      expect(namesFromNeo(file), file).toEqual([]);
    }
  });
});
