import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves into it and stays there, Escape closes it, and
 * focus returns to where it was when it closes.
 */
export function Dialog({
  title,
  onClose,
  children,
  className,
  onKeyDown: onOwnKeyDown,
}: {
  /** Text, or text with an isolated name in it (see PersonName's withName). */
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** Extra class for a dialog that needs more room (the PDF viewer). */
  className?: string;
  /** The dialog's own shortcuts, seen before Escape and Tab are handled. */
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = ref.current?.querySelector<HTMLElement>('[data-autofocus]') ?? ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => previous?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    onOwnKeyDown?.(event);
    if (event.defaultPrevented) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={ref} className={className ? `dialog ${className}` : 'dialog'} role="dialog" aria-modal="true" tabIndex={-1} aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
