// @vitest-environment happy-dom
import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIVITY_REPORT_MS, useIdleLock } from '../../renderer/src/features/idle/useIdleLock';

describe('useIdleLock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const press = () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));

  it('reports activity to the main process at most once a minute, and locks after the idle time', () => {
    const onIdle = vi.fn();
    const onActive = vi.fn();
    renderHook(() => useIdleLock(10, onIdle, onActive));

    press();
    expect(onActive).not.toHaveBeenCalled();
    vi.advanceTimersByTime(ACTIVITY_REPORT_MS + 1000);
    press();
    press();
    expect(onActive).toHaveBeenCalledTimes(1);

    // Typing keeps the app open past the idle time…
    for (let minute = 0; minute < 12; minute++) {
      vi.advanceTimersByTime(60_000);
      press();
    }
    expect(onIdle).not.toHaveBeenCalled();
    expect(onActive.mock.calls.length).toBeGreaterThanOrEqual(12);

    // …and ten quiet minutes lock it.
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
