import type { ReactNode } from 'react';

/** A confirmation, hint or warning (role=status) or an error (role=alert) above a form or list. */
export function Notice({ kind, children, id }: { kind: 'success' | 'error' | 'info' | 'warning'; children: ReactNode; id?: string }) {
  return (
    <div id={id} className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
