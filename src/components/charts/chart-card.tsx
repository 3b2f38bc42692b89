import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ChartCardProps {
  title: string;
  /** One line under the title: what is counted and how to use the chart. */
  description?: ReactNode;
  /** The same figures as a table: always there for screen readers, on screen on demand. */
  table?: ReactNode;
  /** Extra header content (a switch, a total). */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  testId?: string;
}

/** A titled panel for one chart, with a "Table" toggle that shows the figures as a table. */
export function ChartCard({
  title,
  description,
  table,
  actions,
  className,
  children,
  testId,
}: ChartCardProps) {
  const { t } = useTranslation('overview');
  const titleId = useId();
  const [showTable, setShowTable] = useState(false);
  return (
    <section
      className={`chart-card${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
    >
      <header className="panel-header">
        <div>
          <h2 id={titleId} className="chart-card__title">
            {title}
          </h2>
          {description ? <p className="chart-card__description">{description}</p> : null}
        </div>
        <div className="chart-card__actions">
          {actions}
          {table ? (
            <button
              type="button"
              className="chart-card__toggle"
              aria-pressed={showTable}
              onClick={() => setShowTable((shown) => !shown)}
            >
              {showTable ? t('chart.showChart') : t('chart.showTable')}
            </button>
          ) : null}
        </div>
      </header>
      {showTable ? null : <div className="chart-card__body">{children}</div>}
      {table ? (
        <div className={showTable ? 'chart-card__table' : 'visually-hidden'}>{table}</div>
      ) : null}
    </section>
  );
}
