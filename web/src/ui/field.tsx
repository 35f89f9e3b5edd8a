// Labelled form fields with their problem message beside them. Every input
// has a visible label and, when a problem names it, aria-invalid and a
// description that screen readers read with it.
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { fieldError } from './problem';

interface FieldProps {
  /** name is the API field the value goes to (and problems name). */
  name: string;
  label: string;
  problem?: unknown;
  hint?: string;
  children: (attrs: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}

/** Field wraps one input with its label, hint and error. */
export function Field({ name, label, problem, hint, children }: FieldProps) {
  const id = `f-${name}-${useId()}`;
  const error = fieldError(problem, name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described || undefined })}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
