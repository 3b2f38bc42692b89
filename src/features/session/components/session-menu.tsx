import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DropdownMenu } from '../../../components/menu';
import { useSessionUser } from '../../../lib/session';
import { APP_ROUTES } from '../../../shared/contracts/facts';
import { errorText } from '../../../i18n/error-text';
import { useSignOut } from '../api/sign-out';
import './session-menu.css';

/** The two ways to sign out: this browser's session, or every session (catalogue keys). */
const SIGN_OUT_CHOICES = [
  {
    scope: 'this_browser',
    className: 'session-menu__item',
    label: 'session.signOut',
    pending: 'session.signingOut',
    hint: 'session.signOutHint',
  },
  {
    scope: 'everywhere',
    className: 'session-menu__item session-menu__item--danger',
    label: 'session.signOutEverywhere',
    pending: 'session.signingOutEverywhere',
    hint: 'session.signOutEverywhereHint',
  },
] as const;

/**
 * The header's session menu: who is signed in and their role, their API tokens, sign this
 * browser out, or end every session.
 */
export function SessionMenu() {
  const { t, i18n } = useTranslation(['common', 'access']);
  const signOut = useSignOut();
  const user = useSessionUser().data;
  const pending = signOut.isPending ? signOut.variables : undefined;

  return (
    <DropdownMenu
      className="session-menu"
      summary={
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
          {user ? <span className="session-menu__name">{user.name}</span> : null}
          <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      <div className="popover session-menu__panel" role="group" aria-label={t('session.menu')}>
        {user ? (
          <div className="session-menu__user" data-testid="session-user">
            <span className="session-menu__label">
              {t('access:signedInAs', { name: user.name })}
            </span>
            <span className="session-menu__hint" data-role={user.role}>
              {t('access:roleLine', { role: t(`access:roles.${user.role}`) })}
            </span>
          </div>
        ) : null}
        <Link className="session-menu__item" to={APP_ROUTES.tokens}>
          <span className="session-menu__label">{t('access:tokensLink')}</span>
        </Link>
        {SIGN_OUT_CHOICES.map((choice) => (
          <button
            key={choice.scope}
            type="button"
            className={choice.className}
            disabled={signOut.isPending}
            onClick={() => signOut.mutate(choice.scope)}
          >
            <span className="session-menu__label">
              {t(pending === choice.scope ? choice.pending : choice.label)}
            </span>
            <span className="session-menu__hint">{t(choice.hint)}</span>
          </button>
        ))}
        {signOut.isError ? (
          <p className="session-menu__error" role="alert">
            {errorText(signOut.error, i18n).text}
          </p>
        ) : null}
      </div>
    </DropdownMenu>
  );
}
