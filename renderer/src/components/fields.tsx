import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Form fields with a visible label, an optional hint and an error, all tied to
 * the control (htmlFor, aria-describedby, aria-invalid) so screen readers and
 * Playwright's getByLabel find them.
 */
interface FieldFrame {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  className?: string;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The id and aria attributes that tie a control to its hint and error. */
function controlAria(id: string, hint?: string, error?: string) {
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, hint, error) } as const;
}

function fieldClass(error: string | undefined, className: string | undefined, modifier?: string): string {
  return ['field', modifier ?? '', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ');
}

/** Hint and error under a control, with the ids its aria-describedby points at. */
function FieldNotes({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </>
  );
}

function Frame({ id, label, error, hint, className, children }: FieldFrame & { children: ReactNode }) {
  return (
    <div className={fieldClass(error, className)}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange'>;
type TextFieldProps = FieldFrame & InputProps & { value: string; onValue: (value: string) => void };

export function TextField({ id, label, error, hint, className, value, onValue, ...rest }: TextFieldProps) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} className={className}>
      <input
        type="text"
        {...rest}
        {...controlAria(id, hint, error)}
        className="field__control"
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
    </Frame>
  );
}

/** A date typed as dd.mm.åååå: the format as its hint, and a number keyboard. */
export function DateField(props: Omit<TextFieldProps, 'hint' | 'inputMode'>) {
  const { t } = useTranslation();
  return <TextField {...props} hint={t('common.dateHint')} inputMode="numeric" />;
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className' | 'value' | 'onChange'>;

export function TextAreaField({
  id,
  label,
  error,
  hint,
  className,
  value,
  onValue,
  ...rest
}: FieldFrame & TextAreaProps & { value: string; onValue: (value: string) => void }) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} className={className}>
      <textarea
        rows={3}
        {...rest}
        {...controlAria(id, hint, error)}
        className="field__control"
        value={value}
        onChange={(e) => onValue(e.target.value)}
      />
    </Frame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className' | 'value' | 'onChange'>;

export interface Option<V extends string> {
  value: V;
  label: string;
}

export function SelectField<V extends string>({
  id,
  label,
  error,
  hint,
  className,
  value,
  onValue,
  options,
  placeholder,
  ...rest
}: FieldFrame &
  SelectProps & {
    value: V | '';
    onValue: (value: V | '') => void;
    options: readonly Option<V>[];
    /** Text of an empty first choice, for fields that must be chosen actively. */
    placeholder?: string;
  }) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} className={className}>
      <select
        {...rest}
        {...controlAria(id, hint, error)}
        className="field__control"
        value={value}
        onChange={(e) => onValue(e.target.value as V | '')}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function CheckboxField({
  id,
  label,
  error,
  hint,
  className,
  checked,
  onChecked,
  ...rest
}: FieldFrame &
  Omit<InputProps, 'checked' | 'type'> & { checked: boolean; onChecked: (checked: boolean) => void }) {
  return (
    <div className={fieldClass(error, className, 'field--checkbox')}>
      <div className="field__checkrow">
        <input {...rest} type="checkbox" {...controlAria(id, hint, error)} checked={checked} onChange={(e) => onChecked(e.target.checked)} />
        <label htmlFor={id} className="field__label">
          {label}
        </label>
      </div>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
