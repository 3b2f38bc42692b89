import { useId, useState, type FormEvent } from 'react';
import { AcrInstanceIdSchema } from '../../../shared/contracts';
import { CopyButton } from '../../../components/cells';

interface InstancePickerProps {
  /** The instance chosen in the URL; undefined means the account's own. */
  override: string | undefined;
  /** The instance the listed repositories belong to (the account's, when not overridden). */
  shownInstance: string | undefined;
  onChange: (instanceId: string | undefined) => void;
}

/** The account's ACR instance, or another `cri-` id typed in. */
export function InstancePicker({ override, shownInstance, onChange }: InstancePickerProps) {
  const id = useId();
  const errorId = useId();
  const [draft, setDraft] = useState(override ?? '');
  const [error, setError] = useState<string | undefined>();
  // A new instance from the URL (back/forward, reset) replaces what was typed.
  const [shownOverride, setShownOverride] = useState(override);
  if (shownOverride !== override) {
    setShownOverride(override);
    setDraft(override ?? '');
    setError(undefined);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) {
      onChange(undefined);
      return;
    }
    const parsed = AcrInstanceIdSchema.safeParse(text);
    if (!parsed.success) {
      setError(`Instance ID ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
      return;
    }
    setError(undefined);
    onChange(parsed.data);
  }

  return (
    <form className="instance-picker" onSubmit={submit} aria-label="ACR instance">
      <div className="field">
        <label htmlFor={id}>Instance</label>
        <input
          id={id}
          className="text-input"
          value={draft}
          placeholder="Another instance: cri-…"
          spellCheck={false}
          autoComplete="off"
          maxLength={68}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      <button type="submit" className="button">
        Use instance
      </button>
      {override ? (
        <button type="button" className="button" onClick={() => onChange(undefined)}>
          Use the account&apos;s instance
        </button>
      ) : null}
      {shownInstance ? (
        <span className="instance-picker__current muted">
          Showing <code>{shownInstance}</code>
          <CopyButton text={shownInstance} label="Copy instance ID" />
        </span>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
