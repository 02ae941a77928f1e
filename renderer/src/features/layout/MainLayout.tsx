import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice';
import { useCan } from '../../can';
import { lockNow, reportActivity } from '../../session';
import { useNav, useSession } from '../../stores';
import type { Route } from '../../stores/nav';
import { OverviewScreen } from '../attendance/OverviewScreen';
import { CertificatesScreen } from '../certificates/CertificatesScreen';
import { VerifyScreen } from '../certificates/VerifyScreen';
import { RollCallScreen } from '../attendance/RollCallScreen';
import { CourseForm } from '../courses/CourseForm';
import { CourseList } from '../courses/CourseList';
import { CoursePage } from '../courses/CoursePage';
import { useIdleLock } from '../idle/useIdleLock';
import { ParticipantForm } from '../participants/ParticipantForm';
import { ProviderScreen } from '../provider/ProviderScreen';
import { SearchScreen } from '../search/SearchScreen';
import { SessionsScreen } from '../sessions/SessionsScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { RequestsBadge } from '../lifecycle/RequestsBadge';
import { RequestsScreen } from '../lifecycle/RequestsScreen';
import { ProcessingScreen } from '../reports/ProcessingScreen';
import { DeletionScreen } from '../retention/DeletionScreen';
import { ExchangeScreen } from '../exchange/ExchangeScreen';
import { ImportScreen } from '../import/ImportScreen';
import { DueNotice } from '../retention/DueNotice';
import { EvaluationScreen } from '../evaluations/EvaluationScreen';
import { EvaluationsOverview } from '../evaluations/EvaluationsOverview';

type Section = 'courses' | 'search' | 'verify' | 'privacy' | 'exchange' | 'settings' | 'evaluations';

function sectionOf(route: Route): Section {
  if (route.name === 'search' || route.name === 'verify' || route.name === 'exchange' || route.name === 'evaluations') return route.name;
  if (route.name === 'deletion' || route.name === 'requests' || route.name === 'processing') return 'privacy';
  return route.name === 'settings' || route.name === 'provider' ? 'settings' : 'courses';
}

/** Header, navigation and the current screen of the unlocked app. */
export function MainLayout() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  const route = useNav((s) => s.route);
  const notice = useNav((s) => s.notice);
  const go = useNav((s) => s.go);
  const privacy = useCan('requests:list');
  const verify = useCan('certificates:verify');
  const evaluations = useCan('evaluations:summary');

  const onIdle = useCallback(() => void lockNow('idle'), []);
  useIdleLock(session?.idleLockMinutes ?? 10, onIdle, reportActivity);

  if (!session) return null;
  const section = sectionOf(route);
  // What the role cannot do is not offered (the core refuses it anyway): Personvern is the coordinator's.
  const allItems: { section: Section; label: string; route: Route; shown: boolean }[] = [
    { section: 'courses', label: t('layout.courses'), route: { name: 'courses' }, shown: true },
    { section: 'search', label: t('layout.search'), route: { name: 'search' }, shown: true },
    { section: 'verify', label: t('verify.nav'), route: { name: 'verify' }, shown: verify },
    { section: 'privacy', label: t('privacy.nav'), route: { name: 'deletion' }, shown: privacy },
    { section: 'evaluations', label: t('evaluation.overviewNav'), route: { name: 'evaluations' }, shown: evaluations },
    { section: 'exchange', label: t('exchange.nav'), route: { name: 'exchange' }, shown: true },
    { section: 'settings', label: t('layout.settings'), route: { name: 'settings' }, shown: true },
  ];
  const navItems = allItems.filter((item) => item.shown);

  return (
    <div className="shell">
      <header className="header">
        <span className="header__brand">{t('app.name')}</span>
        <nav className="header__nav" aria-label={t('layout.nav')}>
          {navItems.map((item) => (
            <button
              key={item.section}
              type="button"
              className="nav__item"
              aria-current={section === item.section ? 'page' : undefined}
              onClick={() => go(item.route)}
            >
              {item.label}
              {item.section === 'privacy' && <RequestsBadge />}
            </button>
          ))}
        </nav>
        <div className="header__user">
          <span className="header__staff">
            <span className="visually-hidden">{t('layout.signedInAs')} </span>
            <span dir="auto" className="person-name">
              {session.staffName}
            </span>
            <span className="header__role"> · {t(`layout.roles.${session.role}`)}</span>
          </span>
          <button type="button" className="button button--ghost" title={t('layout.lockTitle')} onClick={() => void lockNow('manual')}>
            {t('layout.lock')}
          </button>
        </div>
      </header>
      <main className="content">
        {session.recoveryUsedAt && <Notice kind="info">{t('unlock.recoveryUsed', recoveryTime(session.recoveryUsedAt))}</Notice>}
        {notice && <Notice kind="success">{notice}</Notice>}
        {privacy && <DueNotice />}
        <Screen route={route} />
      </main>
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'courses':
      return <CourseList />;
    case 'courseNew':
      return <CourseForm key="new" />;
    case 'courseEdit':
      return <CourseForm key={route.courseId} courseId={route.courseId} />;
    case 'course':
      return <CoursePage key={route.courseId} courseId={route.courseId} />;
    case 'participantNew':
      return <ParticipantForm key={`new-${route.courseId}`} courseId={route.courseId} />;
    case 'participantImport':
      return <ImportScreen key={route.courseId} courseId={route.courseId} />;
    case 'participantEdit':
      return <ParticipantForm key={route.participantId} courseId={route.courseId} participantId={route.participantId} />;
    case 'sessions':
      return <SessionsScreen key={route.courseId} courseId={route.courseId} />;
    case 'rollCall':
      return <RollCallScreen key={route.sessionId} courseId={route.courseId} sessionId={route.sessionId} />;
    case 'attendanceOverview':
      return <OverviewScreen key={route.courseId} courseId={route.courseId} />;
    case 'certificates':
      return <CertificatesScreen key={route.courseId} courseId={route.courseId} />;
    case 'verify':
      return <VerifyScreen />;
    case 'provider':
      return <ProviderScreen />;
    case 'search':
      return <SearchScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'deletion':
      return <DeletionScreen key={route.courseId ?? 'due'} courseId={route.courseId} force={route.force} />;
    case 'requests':
      return <RequestsScreen />;
    case 'processing':
      return <ProcessingScreen />;
    case 'exchange':
      return <ExchangeScreen tab={route.tab} />;
    case 'evaluation':
      return <EvaluationScreen key={route.courseId} courseId={route.courseId} />;
    case 'evaluations':
      return <EvaluationsOverview />;
  }
}

/** "dd.mm.åååå" and "hh.mm" in local time, for the notice that the recovery code was used. */
function recoveryTime(iso: string): { date: string; time: string } {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return { date: `${two(at.getDate())}.${two(at.getMonth() + 1)}.${at.getFullYear()}`, time: `${two(at.getHours())}.${two(at.getMinutes())}` };
}
