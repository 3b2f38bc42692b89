// A saved view's actions on the views page: rename in place, make a rule of it, delete after a
// confirmation (the BFF refuses to delete a view a rule follows: the rules are listed, linked).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ConfirmGroup, ErrorLine } from '../../../components/feedback';
import { isApiError } from '../../../lib/api-client';
import {
  APP_ROUTES,
  VIEW_NAME_MAX,
  fillPath,
  type SavedViewAnswer,
} from '../../../shared/contracts/facts';
import { useDeleteView, useSaveView } from '../api/saved-views';

type Mode = 'idle' | 'renaming' | 'confirmingDelete';

export function ViewActions({ view, ruleHref }: { view: SavedViewAnswer; ruleHref: string }) {
  const { t } = useTranslation('views');
  const [mode, setMode] = useState<Mode>('idle');
  const [name, setName] = useState(view.name);
  const save = useSaveView();
  const remove = useDeleteView();

  const rename = (event: FormEvent) => {
    event.preventDefault();
    const { id, created_at: _created, updated_at: _updated, ...body } = view;
    save.mutate({ id, body: { ...body, name } }, { onSuccess: () => setMode('idle') });
  };

  if (mode === 'renaming') {
    return (
      <form className="view-actions" onSubmit={rename}>
        <input
          className="text-input"
          aria-label={t('renameLabel', { name: view.name })}
          value={name}
          required
          maxLength={VIEW_NAME_MAX}
          autoFocus
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {t('renameSave')}
        </button>
        <button type="button" className="button" onClick={() => setMode('idle')}>
          {t('cancel')}
        </button>
        {save.isError ? <ErrorLine error={save.error} /> : null}
      </form>
    );
  }
  if (mode === 'confirmingDelete') {
    return (
      <ConfirmGroup
        className="view-actions"
        question={t('confirmDelete', { name: view.name })}
        pending={remove.isPending}
        onConfirm={() => remove.mutate(view.id)}
        onCancel={() => setMode('idle')}
      >
        {remove.isError ? <DeleteRefused error={remove.error} /> : null}
      </ConfirmGroup>
    );
  }
  return (
    <div className="view-actions">
      <button
        type="button"
        className="button"
        aria-label={t('renameOf', { name: view.name })}
        onClick={() => {
          setName(view.name);
          save.reset();
          setMode('renaming');
        }}
      >
        {t('rename')}
      </button>
      <Link className="button" to={ruleHref} aria-label={t('createRuleOf', { name: view.name })}>
        {t('createRule')}
      </Link>
      <button
        type="button"
        className="button"
        aria-label={t('deleteOf', { name: view.name })}
        onClick={() => {
          remove.reset();
          setMode('confirmingDelete');
        }}
      >
        {t('delete')}
      </button>
    </div>
  );
}

/**
 * Why the view was not deleted: the rules that follow it (409 `view_in_use`): those the user may
 * see, linked, and how many others (the BFF names only rules within the user's scope); or the error.
 */
function DeleteRefused({ error }: { error: unknown }) {
  const { t } = useTranslation('views');
  const detail = isApiError(error) && error.status === 409 ? error.detail : undefined;
  const rules = detail?.rules ?? [];
  const hidden = detail?.hidden_rules ?? 0;
  if (rules.length === 0 && hidden === 0) return <ErrorLine error={error} />;
  return (
    <div className="view-actions__in-use" role="alert">
      {rules.length === 0 ? (
        <p>{t('inUseOnlyHidden', { count: hidden })}</p>
      ) : (
        <>
          <p>{t('inUse', { count: rules.length })}</p>
          <ul>
            {rules.map((rule) => (
              <li key={rule.id}>
                <Link to={fillPath(APP_ROUTES.rule, { id: rule.id })}>{rule.name}</Link>
              </li>
            ))}
          </ul>
          {hidden > 0 ? <p>{t('inUseAlsoHidden', { count: hidden })}</p> : null}
        </>
      )}
    </div>
  );
}
