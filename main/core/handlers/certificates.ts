import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';

export const providerHandlers = (session: SessionAccess): HandlersOf<'provider'> => ({
  'provider:get': () => session().provider.get(),
  'provider:update': (input) => session().provider.update(input),
});

export const certificateHandlers = (session: SessionAccess): HandlersOf<'certificates'> => ({
  'certificates:eligibility': ({ courseId }) => {
    const open = session();
    const eligibility = open.certificates.eligibility(courseId);
    open.certificateBatches.warmUp(); // the certificate screen is open: a preview is likely next
    return eligibility;
  },
  'certificates:preview': ({ courseId, participantId, language }) => session().certificateBatches.preview(courseId, participantId, language ?? 'nb'),
  'certificates:startBatch': ({ courseId, items, output }) => session().certificateBatches.start(courseId, items, output),
  'certificates:batchStatus': ({ jobId }) => session().certificateBatches.status(jobId),
  'certificates:cancelBatch': ({ jobId }) => session().certificateBatches.cancel(jobId),
  'certificates:batchResult': ({ jobId }) => session().certificateBatches.result(jobId),
  'certificates:verify': ({ code }) => {
    const open = session();
    const verification = open.certificates.verify(code);
    // A holder whose personal data is erased: the register without names answers.
    return verification.status === 'unknown' ? (open.erasure.register.verify(code) ?? verification) : verification;
  },
  'certificates:show': ({ certificateId }) => session().certificateBatches.showIssued(certificateId),
  'certificates:verifyHolder': ({ code, firstName, lastName, birthDate }) => session().erasure.register.verifyHolder(code, { firstName, lastName, birthDate }),
});
