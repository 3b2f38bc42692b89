import { DropdownMenu } from '../../../components/menu';
import { useSignOut } from '../api/sign-out';
import './session-menu.css';

/** The header's session menu: sign this browser out, or end every session. */
export function SessionMenu() {
  const signOut = useSignOut();
  const pending = signOut.isPending ? signOut.variables : undefined;

  return (
    <DropdownMenu
      className="session-menu"
      summary={
        <summary className="button session-menu__trigger" title="Session: sign out">
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
          <span className="visually-hidden">Session</span>
          <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      <div className="session-menu__panel" role="group" aria-label="Session">
        <button
          type="button"
          className="session-menu__item"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate('this_browser')}
        >
          <span className="session-menu__label">
            {pending === 'this_browser' ? 'Signing out…' : 'Sign out'}
          </span>
          <span className="session-menu__hint">Ends the session of this browser</span>
        </button>
        <button
          type="button"
          className="session-menu__item session-menu__item--danger"
          disabled={signOut.isPending}
          onClick={() => signOut.mutate('everywhere')}
        >
          <span className="session-menu__label">
            {pending === 'everywhere' ? 'Signing out everywhere…' : 'Sign out everywhere'}
          </span>
          <span className="session-menu__hint">
            Ends every session, in every browser; all must open the start-up link again
          </span>
        </button>
        {signOut.isError ? (
          <p className="session-menu__error" role="alert">
            {signOut.error.message}
          </p>
        ) : null}
      </div>
    </DropdownMenu>
  );
}
