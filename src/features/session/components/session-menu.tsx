import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/error-text';
import { useSignOut } from '../api/sign-out';
import './session-menu.css';

/** The header's session menu: sign this browser out, or end every session. */
export function SessionMenu() {
  const { t, i18n } = useTranslation();
  const details = useRef<HTMLDetailsElement>(null);
  const signOut = useSignOut();
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const element = details.current;
      if (element?.open && !element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, []);
  const pending = signOut.isPending ? signOut.variables : undefined;

  return (
    <details
      ref={details}
      className="session-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && details.current?.open) {
          details.current.open = false;
          details.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="button session-menu__trigger" title={t('session.trigger')}>
        <svg
          className="session-menu__icon"
          viewBox="0 0 16 16"
          width="14"
          height="14"
          aria-hidden="true"
        >
          <circle cx="8" cy="5.5" r="3" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path
            d="M2.5 14.5c0-3 2.5-4.5 5.5-4.5s5.5 1.5 5.5 4.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinecap="round"
          />
        </svg>
        <span className="visually-hidden">{t('session.menu')}</span>
        <span aria-hidden="true">▾</span>
      </summary>
      <div className="session-menu__panel" role="group" aria-label={t('session.menu')}>
        <button
          type="button"
          className="session-menu__item"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate('this_browser')}
        >
          <span className="session-menu__label">
            {pending === 'this_browser' ? t('session.signingOut') : t('session.signOut')}
          </span>
          <span className="session-menu__hint">{t('session.signOutHint')}</span>
        </button>
        <button
          type="button"
          className="session-menu__item session-menu__item--danger"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate('everywhere')}
        >
          <span className="session-menu__label">
            {pending === 'everywhere'
              ? t('session.signingOutEverywhere')
              : t('session.signOutEverywhere')}
          </span>
          <span className="session-menu__hint">{t('session.signOutEverywhereHint')}</span>
        </button>
        {signOut.isError ? (
          <p className="session-menu__error" role="alert">
            {errorText(signOut.error, i18n).text}
          </p>
        ) : null}
      </div>
    </details>
  );
}
