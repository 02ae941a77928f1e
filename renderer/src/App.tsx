import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from './components/Notice';
import { MainLayout } from './features/layout/MainLayout';
import { SetupScreen } from './features/setup/SetupScreen';
import { UnlockScreen } from './features/unlock/UnlockScreen';
import { KioskScreen } from './features/evaluations/KioskScreen';
import { onVaultLocked } from './neo';
import { startApp } from './session';
import { showLocked, useSession } from './stores';

export function App() {
  const { t } = useTranslation();
  const phase = useSession((s) => s.phase);
  const startError = useSession((s) => s.startError);

  useEffect(() => onVaultLocked(() => showLocked('remote')), []);
  useEffect(() => {
    void startApp();
  }, []);

  switch (phase) {
    case 'loading':
      return (
        <main className="centered" aria-busy="true">
          <p className="muted">{t('common.loading')}</p>
        </main>
      );
    case 'unavailable':
      return (
        <main className="centered">
          <div className="card card--narrow">
            <h1>{t('app.name')}</h1>
            <Notice kind="error">{startError}</Notice>
          </div>
        </main>
      );
    case 'uninitialized':
      return <SetupScreen />;
    case 'locked':
      return <UnlockScreen />;
    case 'unlocked':
      return <MainLayout />;
    case 'kiosk':
      return <KioskScreen />;
  }
}
