import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { certificateVerifyInput } from '@contract/certificate-schemas';
import { formatNorwegianDate } from '@contract/formats';
import type { CertificateVerification, ExportedFile } from '@contract/types';
import { TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';
import { formatHours } from '../attendance/format';
import { PdfViewer } from '../pdf/PdfViewer';
import { HolderCheck } from '../retention/HolderCheck';
import { useVerification } from './useVerification';

type IssuedCertificate = NonNullable<CertificateVerification['certificate']>;

/** A verification code typed from paper → the certificate exactly as it was issued, or why not. */
export function VerifyScreen() {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [code, setCode] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CertificateVerification | null>(null);
  const { verify } = useVerification();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setResult(null);
    const parsed = certificateVerifyInput.safeParse({ code });
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const answer = await verify(code);
    setBusy(false);
    if (answer.ok) setResult(answer.value);
    else {
      setErrors(answer.error.fields ?? {});
      setError(answer.error.message);
      focusFirstInvalid();
    }
  };

  return (
    <section aria-labelledby="verify-title">
      <div className="page-head">
        <h1 id="verify-title">{t('verify.title')}</h1>
      </div>
      <form ref={formRef} className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="verify-title">
        <p className="muted">{t('verify.intro')}</p>
        <div className="verify__row">
          <TextField
            id="verify-code"
            className="field--narrow"
            label={t('verify.code')}
            hint={t('verify.codeHint')}
            value={code}
            onValue={edit(setCode, 'code')}
            error={errors.code}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            autoFocus
          />
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
              {busy ? t('verify.checking') : t('verify.submit')}
            </button>
          </div>
        </div>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && <VerificationResult result={result} />}
    </section>
  );
}

function VerificationResult({ result }: { result: CertificateVerification }) {
  const { t } = useTranslation();
  const [showing, setShowing] = useState(false);
  const [showError, setShowError] = useState<string | null>(null);
  const [file, setFile] = useState<ExportedFile | null>(null);
  const { certificateId, certificate } = result;
  const { show: showIssued } = useVerification();

  // Only a valid certificate may be printed again; the core refuses the others too.
  const show = async () => {
    if (!certificateId || showing) return;
    setShowing(true);
    setShowError(null);
    const answer = await showIssued(certificateId);
    setShowing(false);
    if (answer.ok) setFile(answer.value);
    else setShowError(answer.error.message);
  };

  const verdict = (() => {
    switch (result.status) {
      case 'valid':
        // The holder's personal data is erased: still valid, without the name (issue 9).
        return <Notice kind="success">{result.personalDataErased ? t('verifyErased.valid') : t('verify.valid')}</Notice>;
      case 'replaced':
        return <Notice kind="error">{result.replacedBy ? t('verify.replaced', { number: result.replacedBy }) : t('verify.replacedUnknown')}</Notice>;
      case 'tampered':
        return <Notice kind="error">{t('verify.tampered')}</Notice>;
      case 'unknown':
        return <Notice kind="error">{t('verify.unknown')}</Notice>;
    }
  })();
  return (
    <div className="stack verify__result">
      {verdict}
      {result.status === 'valid' && certificateId && (
        <div className="actions">
          <button type="button" className="button" disabled={showing} aria-busy={showing} onClick={() => void show()}>
            {showing ? t('verify.showing') : t('verify.show')}
          </button>
        </div>
      )}
      {showError && <Notice kind="error">{showError}</Notice>}
      {result.personalDataErased && result.status === 'replaced' && <Notice kind="info">{t('verifyErased.replaced')}</Notice>}
      {certificate && <CertificateData certificate={certificate} />}
      {result.personalDataErased && certificate && result.status !== 'tampered' && <HolderCheck key={certificate.verificationCode} code={certificate.verificationCode} />}
      {file && certificate?.participant && (
        <PdfViewer
          title={t('certificates.issuedTitle', { number: certificate.number, name: `${certificate.participant.firstName} ${certificate.participant.lastName}` })}
          heading={withName(
            t('certificates.issuedTitle', { number: certificate.number, name: NAME_SLOT }),
            <PersonName firstName={certificate.participant.firstName} lastName={certificate.participant.lastName} order="firstLast" />,
          )}
          file={file}
          onClose={() => setFile(null)}
        />
      )}
    </div>
  );
}

/** Every field the certificate printed, so a reader can compare it line by line with the paper. */
function CertificateData({ certificate: c }: { certificate: IssuedCertificate }) {
  const { t } = useTranslation();
  const hours = (value: number) => t('verify.hoursValue', { hours: formatHours(value) });
  const signer = [c.signer.name, c.signer.title].filter(Boolean).join(', ');
  const provider = [
    c.provider.name,
    `${c.provider.address.street}, ${c.provider.address.postalCode} ${c.provider.address.city}`,
    t('verify.orgNumber', { number: c.provider.organisationNumber.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3') }),
  ].join(' · ');
  const entries: [label: string, value: string | null][] = [
    // Null once the holder's personal data is erased: the rest of the paper still verifies.
    [t('verify.fields.name'), c.participant ? `${c.participant.firstName} ${c.participant.lastName}` : null],
    [t('verify.fields.birthDate'), c.participant ? formatNorwegianDate(c.participant.birthDate) : null],
    [t('verify.fields.course'), c.course.name],
    [t('verify.fields.content'), c.course.description],
    [t('verify.fields.learningGoals'), c.course.learningGoals],
    [t('verify.fields.hours'), hours(c.course.hours)],
    [t('verify.fields.hoursAttended'), hours(c.hoursAttended)],
    [t('verify.fields.place'), c.course.place],
    [t('verify.fields.period'), `${formatNorwegianDate(c.course.startDate)} – ${formatNorwegianDate(c.course.endDate)}`],
    [t('verify.fields.issueDate'), formatNorwegianDate(c.issueDate)],
    [t('verify.fields.number'), c.number],
    [t('verify.fields.code'), c.verificationCode],
    [t('verify.fields.signer'), signer || null],
    [t('verify.fields.provider'), provider],
    [t('verify.fields.language'), t(`certificates.languages.${c.language}`)],
  ];
  return (
    <section className="card facts" aria-labelledby="verify-data-title">
      <h2 id="verify-data-title">{t('verify.dataTitle')}</h2>
      <dl className="facts__list verify__list">
        {entries
          .filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== '')
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className="prewrap">
                <span dir="auto">{value}</span>
              </dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
