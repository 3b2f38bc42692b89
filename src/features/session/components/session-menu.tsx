import { useDetailsMenu } from '../../../lib/use-details-menu';
import { useSignOut, type SignOutScope } from '../api/sign-out';
import './session-menu.css';

const CHOICES: ReadonlyArray<{
  scope: SignOutScope;
  label: string;
  pendingLabel: string;
  hint: string;
  className: string;
}> = [
  {
    scope: 'this_browser',
    label: 'Sign out',
    pendingLabel: 'Signing out…',
    hint: 'Ends the session of this browser',
    className: 'session-menu__item',
  },
  {
    scope: 'everywhere',
    label: 'Sign out everywhere',
    pendingLabel: 'Signing out everywhere…',
    hint: 'Ends every session, in every browser; all must open the start-up link again',
    className: 'session-menu__item session-menu__item--danger',
  },
];

/** The header's session menu: sign this browser out, or end every session. */
export function SessionMenu() {
  const menu = useDetailsMenu();
  const signOut = useSignOut();
  const pending = signOut.isPending ? signOut.variables : undefined;

  return (
    <details {...menu} className="session-menu">
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
      <div className="session-menu__panel" role="group" aria-label="Session">
        {CHOICES.map(({ scope, label, pendingLabel, hint, className }) => (
          <button
            key={scope}
            type="button"
            className={className}
            disabled={signOut.isPending}
            onClick={() => signOut.mutate(scope)}
          >
            <span className="session-menu__label">{pending === scope ? pendingLabel : label}</span>
            <span className="session-menu__hint">{hint}</span>
          </button>
        ))}
        {signOut.isError ? (
          <p className="session-menu__error" role="alert">
            {signOut.error.message}
          </p>
        ) : null}
      </div>
    </details>
  );
}
