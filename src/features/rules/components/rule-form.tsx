// Create or edit a watch rule: its name, what it watches (a saved view, or a list and its filters
// as a query string), the event types, the channel (URL and secret write-only), the mode and the
// messages' language.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorLine } from '../../../components/feedback';
import {
  CHANGE_EVENT_TYPES,
  DIGEST_MINUTES,
  IMAGE_LISTS,
  NOTIFY_CHANNEL_TYPES,
  RULE_LANGS,
  RULE_NAME_MAX,
  RULE_QUERY_MAX,
  RULE_SECRET_MAX,
  RULE_URL_MAX,
  type ImageList,
  type RuleChannelView,
} from '../../../shared/contracts/facts';
import { CHANNELS_WITH_SECRET, ruleBody, type RuleForm } from '../rule-form-state';
import type { RuleBody } from '../api/rules';

export interface ViewChoice {
  id: string;
  name: string;
  list: ImageList;
}

interface RuleFormProps {
  initial: RuleForm;
  /** The stored channel when editing (its masked URL, whether a secret is set). */
  stored?: RuleChannelView | undefined;
  views: ViewChoice[];
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (body: RuleBody) => void;
  /** Actions beside the submit button (cancel). */
  extra?: ReactNode;
}

export function RuleFormView({
  initial,
  stored,
  views,
  pending,
  error,
  submitLabel,
  onSubmit,
  extra,
}: RuleFormProps) {
  const { t } = useTranslation('rules');
  const [form, setForm] = useState(initial);
  const set = (change: Partial<RuleForm>) => setForm((current) => ({ ...current, ...change }));
  const editing = stored !== undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(ruleBody(form, editing));
  };
  const toggleType = (type: (typeof CHANGE_EVENT_TYPES)[number], on: boolean) =>
    set({
      eventTypes: on
        ? [...form.eventTypes, type]
        : form.eventTypes.filter((other) => other !== type),
    });

  return (
    <form className="rule-form" onSubmit={submit}>
      <Field label={t('form.name')}>
        <input
          className="text-input"
          value={form.name}
          required
          maxLength={RULE_NAME_MAX}
          onChange={(event) => set({ name: event.target.value })}
        />
      </Field>

      <SourceFieldset form={form} set={set} views={views} />

      <fieldset className="rule-form__group">
        <legend>{t('form.eventTypes')}</legend>
        <div className="rule-form__checks">
          {CHANGE_EVENT_TYPES.map((type) => (
            <label key={type} className="rule-form__choice">
              <input
                type="checkbox"
                checked={form.eventTypes.includes(type)}
                onChange={(event) => toggleType(type, event.target.checked)}
              />
              {t(`eventTypes.${type}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <ChannelFieldset form={form} set={set} stored={stored} />

      <fieldset className="rule-form__group">
        <legend>{t('form.mode')}</legend>
        <div className="rule-form__row">
          {(['immediate', 'digest'] as const).map((mode) => (
            <Choice
              key={mode}
              name="mode"
              checked={form.mode === mode}
              onChoose={() => set({ mode })}
            >
              {t(`modes.${mode}`)}
            </Choice>
          ))}
          {form.mode === 'digest' ? (
            <Field label={t('form.digestMinutes')}>
              <input
                className="text-input rule-form__minutes"
                type="number"
                min={DIGEST_MINUTES.min}
                max={DIGEST_MINUTES.max}
                step={1}
                required
                value={form.digestMinutes}
                onChange={(event) => set({ digestMinutes: Number(event.target.value) })}
              />
            </Field>
          ) : null}
        </div>
      </fieldset>

      <Field label={t('form.lang')}>
        <EnumSelect
          value={form.lang}
          values={RULE_LANGS}
          optionLabel={(lang) => t(`langs.${lang}`)}
          onChange={(lang) => set({ lang })}
        />
      </Field>

      {error ? <ErrorLine error={error} /> : null}
      <div className="rule-form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={pending || form.eventTypes.length === 0}
        >
          {submitLabel}
        </button>
        {extra}
      </div>
    </form>
  );
}

type SetForm = (change: Partial<RuleForm>) => void;

/** A labelled control of the form: the label's text above it. */
function Field({
  label,
  className,
  children,
}: {
  label: string;
  /** Classes beside `rule-form__field` (nested, grow). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`stacked-field rule-form__field${className ? ` ${className}` : ''}`}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** One radio choice of a group (the mode, the source). */
function Choice({
  name,
  checked,
  disabled,
  onChoose,
  children,
}: {
  name: string;
  checked: boolean;
  disabled?: boolean;
  onChoose: () => void;
  children: ReactNode;
}) {
  return (
    <label className="rule-form__choice">
      <input type="radio" name={name} checked={checked} disabled={disabled} onChange={onChoose} />
      {children}
    </label>
  );
}

/** A select of one of a contract's values, each shown by its label. */
function EnumSelect<Value extends string>({
  value,
  values,
  optionLabel,
  onChange,
}: {
  value: Value;
  values: readonly Value[];
  optionLabel: (value: Value) => string;
  onChange: (value: Value) => void;
}) {
  return (
    <select value={value} onChange={(event) => onChange(event.target.value as Value)}>
      {values.map((option) => (
        <option key={option} value={option}>
          {optionLabel(option)}
        </option>
      ))}
    </select>
  );
}

/** What the rule watches: a saved view, or a list and its filters. */
function SourceFieldset({
  form,
  set,
  views,
}: {
  form: RuleForm;
  set: SetForm;
  views: ViewChoice[];
}) {
  const { t } = useTranslation('rules');
  return (
    <fieldset className="rule-form__group">
      <legend>{t('form.source')}</legend>
      <Choice
        name="source"
        checked={form.source === 'view'}
        disabled={views.length === 0}
        onChoose={() => set({ source: 'view', viewId: form.viewId || (views[0]?.id ?? '') })}
      >
        {t('form.sourceView')}
      </Choice>
      {form.source === 'view' ? (
        <Field label={t('form.view')} className="rule-form__nested">
          <select
            value={form.viewId}
            required
            onChange={(event) => set({ viewId: event.target.value })}
          >
            <option value="">{t('form.chooseView')}</option>
            {views.map((view) => (
              <option key={view.id} value={view.id}>
                {t('form.viewOption', { name: view.name, list: t(`lists.${view.list}`) })}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Choice
        name="source"
        checked={form.source === 'list'}
        onChoose={() => set({ source: 'list' })}
      >
        {t('form.sourceList')}
      </Choice>
      {form.source === 'list' ? (
        <div className="rule-form__nested rule-form__row">
          <Field label={t('form.list')}>
            <EnumSelect
              value={form.list}
              values={IMAGE_LISTS}
              optionLabel={(list) => t(`lists.${list}`)}
              onChange={(list) => set({ list })}
            />
          </Field>
          <Field label={t('form.query')} className="rule-form__grow">
            <input
              className="text-input"
              value={form.query}
              maxLength={RULE_QUERY_MAX}
              placeholder={t('form.queryPlaceholder')}
              spellCheck={false}
              onChange={(event) => set({ query: event.target.value })}
            />
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}

/** Where the messages go: the channel's type, its URL and (for signing channels) its secret. */
function ChannelFieldset({
  form,
  set,
  stored,
}: {
  form: RuleForm;
  set: SetForm;
  stored: RuleChannelView | undefined;
}) {
  const { t } = useTranslation('rules');
  const editing = stored !== undefined;
  const signs = CHANNELS_WITH_SECRET.includes(form.channelType);
  return (
    <fieldset className="rule-form__group">
      <legend>{t('form.channel')}</legend>
      <div className="rule-form__row">
        <Field label={t('form.channelType')}>
          <EnumSelect
            value={form.channelType}
            values={NOTIFY_CHANNEL_TYPES}
            optionLabel={(type) => t(`channels.${type}`)}
            onChange={(channelType) => set({ channelType })}
          />
        </Field>
        <Field label={t('form.url')} className="rule-form__grow">
          <input
            className="text-input"
            type="url"
            value={form.url}
            required={!editing}
            maxLength={RULE_URL_MAX}
            autoComplete="off"
            spellCheck={false}
            placeholder={editing ? stored.url_masked : t('form.urlPlaceholder')}
            aria-describedby={editing ? 'rule-url-hint' : undefined}
            onChange={(event) => set({ url: event.target.value })}
          />
        </Field>
      </div>
      {editing ? (
        <p id="rule-url-hint" className="muted rule-form__hint">
          {t('form.urlKept', { url: stored.url_masked })}
        </p>
      ) : null}
      {signs ? (
        <Field label={t('form.secret')}>
          <input
            className="text-input"
            type="password"
            value={form.secret}
            maxLength={RULE_SECRET_MAX}
            autoComplete="new-password"
            placeholder={
              editing && stored.has_secret ? t('form.secretUnchanged') : t('form.secretNone')
            }
            aria-describedby="rule-secret-hint"
            onChange={(event) => set({ secret: event.target.value })}
          />
        </Field>
      ) : null}
      {signs ? (
        <p id="rule-secret-hint" className="muted rule-form__hint">
          {editing && stored.has_secret
            ? t('form.secretHintStored')
            : t(`form.secretHint.${form.channelType === 'webhook' ? 'webhook' : 'chat'}`)}
        </p>
      ) : null}
    </fieldset>
  );
}
