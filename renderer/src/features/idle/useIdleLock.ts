import { useEffect } from 'react';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'pointerdown', 'wheel', 'touchstart', 'focusin'] as const;

/** How often, at most, activity is reported to the main process. */
export const ACTIVITY_REPORT_MS = 60_000;

/**
 * Calls onIdle once after `minutes` without keyboard, mouse or pointer activity.
 * The core has its own idle check, which only sees calls to it; `onActive`
 * (at most once a minute while someone is working) tells it that a person is
 * still here, so typing a long form without saving does not lock the app.
 */
export function useIdleLock(minutes: number, onIdle: () => void, onActive?: () => void): void {
  useEffect(() => {
    const limitMs = minutes * 60_000;
    let lastActivity = Date.now();
    let lastReported = lastActivity;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const check = () => {
      const idleFor = Date.now() - lastActivity;
      if (idleFor >= limitMs) {
        onIdle();
        return;
      }
      timer = setTimeout(check, limitMs - idleFor);
    };
    const onActivity = () => {
      lastActivity = Date.now();
      if (onActive && lastActivity - lastReported >= ACTIVITY_REPORT_MS) {
        lastReported = lastActivity;
        onActive();
      }
    };

    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    timer = setTimeout(check, limitMs);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [minutes, onIdle, onActive]);
}
