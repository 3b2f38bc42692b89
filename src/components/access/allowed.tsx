// What the signed-in role may not do is not offered (the BFF refuses it regardless): children
// shown only when the role table (shared/contracts/access-facts.ts) lets the role use the route.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { requiredRole, roleAtLeast } from '../../shared/contracts/access-facts';
import { useMayUse, useSessionUser } from '../../lib/session';

export function Allowed({
  method,
  route,
  children,
}: {
  method: string;
  route: string;
  children: ReactNode;
}) {
  return useMayUse(method, route) ? children : null;
}

/** A CSV export's download link, for the roles that may export (auditor and up). */
export function ExportLink({
  route,
  href,
  children,
}: {
  route: string;
  href: string;
  children: ReactNode;
}) {
  return (
    <Allowed method="GET" route={route}>
      <a className="button" href={href} download>
        {children}
      </a>
    </Allowed>
  );
}

/**
 * A page (or part of one) that changes something, opened by URL with a role that may not use the
 * route: it says up front which role the action needs, rather than a form refused once filled in.
 * `action` names the action in the reader's language ("Creating watch rules").
 */
export function RoleNeeded({
  method,
  route,
  action,
  children,
}: {
  method: string;
  route: string;
  action: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('access');
  const { data } = useSessionUser();
  const needed = requiredRole(method, route);
  if (data === undefined || roleAtLeast(data.role, needed)) return children;
  return (
    <div className="state" role="note">
      <h2 className="state__title">{t('roleNeeded.title', { role: t(`roles.${needed}`) })}</h2>
      <p>
        {t('roleNeeded.body', {
          action,
          needed: t(`roles.${needed}`),
          role: t(`roles.${data.role}`),
        })}
      </p>
    </div>
  );
}
