import { afterAll } from 'vitest';
import { cleanUp } from './temp';

// Every test file undoes what it registered with test/support/temp.ts once its tests are done.
afterAll(cleanUp);
