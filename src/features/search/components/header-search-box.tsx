// The header's search box, on every page: Enter opens the search page for what was typed; `/`
// focuses it from anywhere but a field being typed in. On the search page it shows the current q.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { APP_ROUTES } from '../../../shared/contracts/facts';
import { isTypingTarget } from '../keyboard';
import { searchPath } from '../locations';

export interface HeaderSearchBoxProps {
  /** The account the search page should search (the Huawei Cloud account on screen), if chosen. */
  account: string | undefined;
}

export function HeaderSearchBox({ account }: HeaderSearchBoxProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [searchParams] = useSearchParams();
  const shownQ = pathname === APP_ROUTES.search ? (searchParams.get('q') ?? '') : '';
  const [draft, setDraft] = useState(shownQ);
  // Follow the page's q when it changes (another search, back and forward).
  const [seenQ, setSeenQ] = useState(shownQ);
  if (seenQ !== shownQ) {
    setSeenQ(shownQ);
    setDraft(shownQ);
  }
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const focusOnSlash = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', focusOnSlash);
    return () => document.removeEventListener('keydown', focusOnSlash);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === '') return;
    void navigate(searchPath(draft, account));
  };

  return (
    <form role="search" className="header-search" onSubmit={submit}>
      <input
        ref={input}
        type="search"
        className="text-input header-search__input"
        aria-label={t('search.label')}
        aria-keyshortcuts="/"
        placeholder={t('search.placeholder')}
        title={t('search.hint')}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
    </form>
  );
}
