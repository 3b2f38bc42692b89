// What the signed-in role may not do is not offered (the BFF refuses it regardless): children
// shown only when the role table (shared/contracts/access-facts.ts) lets the role use the route.
import type { ReactNode } from 'react';
import { useMayUse } from '../../lib/session';

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
