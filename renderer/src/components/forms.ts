import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { validationText } from '../i18n';

/** Error text per field, keyed by the dotted path of the channel input ("participant.mobile"). */
export type FieldErrors = Record<string, string>;

interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Zod issues (messages are contract validation keys) → translated errors, first issue per field wins. */
export function issuesToErrors(issues: readonly IssueLike[], prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    errors[path] ??= validationText(issue.message);
  }
  return errors;
}

/**
 * Moves focus to the first invalid control of a form after a failed submit,
 * once React has rendered the errors.
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLElement | null>): () => void {
  const [request, setRequest] = useState(0);
  const requested = useRef(false);
  useEffect(() => {
    if (!requested.current) return;
    requested.current = false;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [request, formRef]);
  return useCallback(() => {
    requested.current = true;
    setRequest((n) => n + 1);
  }, []);
}

/** The errors without those of the given fields: an error goes away as soon as its field is edited. */
export function omitErrors(errors: FieldErrors, paths: readonly string[]): FieldErrors {
  if (!paths.some((path) => path in errors)) return errors;
  const next = { ...errors };
  for (const path of paths) delete next[path];
  return next;
}

/**
 * A form's field errors with `edit(setValue, ...paths)`: an onValue that stores
 * the value and clears the errors its edit makes obsolete.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const edit =
    <T>(setValue: (value: T) => void, ...paths: string[]) =>
    (value: T) => {
      setValue(value);
      setErrors((e) => omitErrors(e, paths));
    };
  return { errors, setErrors, edit };
}
