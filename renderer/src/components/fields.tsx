import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

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

function Frame({ id, label, error, hint, className, children }: FieldFrame & { children: ReactNode }) {
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children}
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
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'value' | 'onChange'>;

export function TextField({
  id,
  label,
  error,
  hint,
  className,
  value,
  onValue,
  ...rest
}: FieldFrame & InputProps & { value: string; onValue: (value: string) => void }) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} className={className}>
      <input
        type="text"
        {...rest}
        id={id}
        className="field__control"
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </Frame>
  );
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
        id={id}
        className="field__control"
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
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
        id={id}
        className="field__control"
        value={value}
        onChange={(e) => onValue(e.target.value as V | '')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
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
    <div className={['field', 'field--checkbox', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <div className="field__checkrow">
        <input
          {...rest}
          type="checkbox"
          id={id}
          checked={checked}
          onChange={(e) => onChecked(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label htmlFor={id} className="field__label">
          {label}
        </label>
      </div>
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
    </div>
  );
}
