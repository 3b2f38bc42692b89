import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('acr');
  const id = useId();
  const errorId = useId();
  const [draft, setDraft] = useState(override ?? '');
  // Whether the typed id was refused; the words are the catalogue's, in the language of the moment.
  const [invalid, setInvalid] = useState(false);
  // A new instance from the URL (back/forward, reset) replaces what was typed.
  const [shownOverride, setShownOverride] = useState(override);
  if (shownOverride !== override) {
    setShownOverride(override);
    setDraft(override ?? '');
    setInvalid(false);
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
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onChange(parsed.data);
  }

  return (
    <form className="instance-picker" onSubmit={submit} aria-label={t('instance.form')}>
      <div className="field">
        <label htmlFor={id}>{t('instance.label')}</label>
        <input
          id={id}
          className="text-input"
          value={draft}
          placeholder={t('instance.placeholder')}
          spellCheck={false}
          autoComplete="off"
          maxLength={68}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
      </div>
      <button type="submit" className="button">
        {t('instance.use')}
      </button>
      {override ? (
        <button type="button" className="button" onClick={() => onChange(undefined)}>
          {t('instance.useAccounts')}
        </button>
      ) : null}
      {shownInstance ? (
        <span className="instance-picker__current muted">
          {t('instance.showing')} <code>{shownInstance}</code>
          <CopyButton text={shownInstance} label={t('instance.copy')} />
        </span>
      ) : null}
      {invalid ? (
        <p id={errorId} className="field-error" role="alert">
          {t('instance.invalid')}
        </p>
      ) : null}
    </form>
  );
}
