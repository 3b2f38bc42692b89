import type { ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  lead: ReactNode;
  /** Classes added to the lead paragraph (a lead made of parts lays them out itself). */
  leadClassName?: string;
  /** Beside the title: an action, an export link or a `page-header__meta` line. */
  children?: ReactNode;
}

/** A page's title and lead, with what stands beside them. */
export function PageHeader({ title, lead, leadClassName, children }: PageHeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className={leadClassName ? `page-header__lead ${leadClassName}` : 'page-header__lead'}>
          {lead}
        </p>
      </div>
      {children}
    </header>
  );
}
