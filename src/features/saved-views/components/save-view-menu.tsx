// A list page's Save view action: names the page's whole state (its address and columns) as a
// view shared with the team, or replaces a saved view of this list with it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { ErrorLine } from '../../../components/feedback';
import { DropdownMenu } from '../../../components/menu';
import { VIEW_NAME_MAX, type ImageList } from '../../../shared/contracts/facts';
import { useSaveView, useSavedViews } from '../api/saved-views';
import { viewQueryOf } from '../saved-view-url';
import '../saved-views.css';

export interface SaveViewMenuProps {
  list: ImageList;
  /** The visible columns' ids, in display order. */
  columns: string[];
}

export function SaveViewMenu({ list, columns }: SaveViewMenuProps) {
  const { t } = useTranslation('views');
  const { search } = useLocation();
  const views = useSavedViews();
  const save = useSaveView();
  const [name, setName] = useState('');
  const [replaceId, setReplaceId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const sameList = (views.data ?? []).filter((view) => view.list === list);
  const body = (viewName: string) => ({
    name: viewName,
    list,
    query: viewQueryOf(search),
    columns,
  });

  const submitNew = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    save.mutate(
      { body: body(name) },
      {
        onSuccess: (view) => {
          setDone(t('save.saved', { name: view.name }));
          setName('');
        },
      },
    );
  };
  const submitReplace = (event: FormEvent) => {
    event.preventDefault();
    const target = sameList.find((view) => view.id === replaceId);
    if (!target) return;
    setDone(null);
    save.mutate(
      { id: target.id, body: body(target.name) },
      { onSuccess: (view) => setDone(t('save.replaced', { name: view.name })) },
    );
  };

  return (
    <DropdownMenu
      className="filter-menu save-view"
      summary={<summary className="button">{t('save.button')}</summary>}
    >
      <div
        className="popover filter-menu__panel filter-menu__panel--end save-view__panel"
        role="group"
        aria-label={t('save.panel')}
      >
        <form className="save-view__form" onSubmit={submitNew}>
          <label className="stacked-field save-view__field">
            <span>{t('save.name')}</span>
            <input
              className="text-input"
              value={name}
              required
              maxLength={VIEW_NAME_MAX}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button button--primary"
            disabled={save.isPending || name.trim() === ''}
          >
            {t('save.submit')}
          </button>
        </form>
        {sameList.length > 0 ? (
          <form className="save-view__form" onSubmit={submitReplace}>
            <label className="stacked-field save-view__field">
              <span>{t('save.replaceWhich')}</span>
              <select value={replaceId} onChange={(event) => setReplaceId(event.target.value)}>
                <option value="">{t('save.replaceNone')}</option>
                {sameList.map((view) => (
                  <option key={view.id} value={view.id}>
                    {view.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button" disabled={save.isPending || replaceId === ''}>
              {t('save.replace')}
            </button>
          </form>
        ) : null}
        <p className="muted save-view__hint">{t('save.hint')}</p>
        {save.isError ? <ErrorLine error={save.error} /> : null}
        {done ? (
          <p className="save-view__done" role="status">
            {done}
          </p>
        ) : null}
      </div>
    </DropdownMenu>
  );
}
