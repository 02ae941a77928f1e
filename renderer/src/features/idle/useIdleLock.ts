import { useEffect } from 'react';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'pointerdown', 'wheel', 'touchstart', 'focusin'] as const;

/**
 * Calls onIdle once after `minutes` without keyboard, mouse or pointer activity.
 * The core has its own idle check too; this one also clears the screen.
 */
export function useIdleLock(minutes: number, onIdle: () => void): void {
  useEffect(() => {
    const limitMs = minutes * 60_000;
    let lastActivity = Date.now();
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
    };

    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    timer = setTimeout(check, limitMs);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [minutes, onIdle]);
}
