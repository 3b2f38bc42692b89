import type { RowData } from '@tanstack/react-table';
import { useFixedT } from '../../i18n/translator';
import { DropdownMenu } from '../menu';
import type { DataTableInstance } from './table-features';
import type { ColumnPreferencesController } from './use-column-preferences';

interface ColumnMenuProps<TData extends RowData> {
  table: DataTableInstance<TData>;
  columns: ColumnPreferencesController;
}

/** Show, hide and reorder columns; the choice is remembered per page. */
export function ColumnMenu<TData extends RowData>({ table, columns }: ColumnMenuProps<TData>) {
  const t = useFixedT('table');
  const byId = new Map(table.getAllLeafColumns().map((column) => [column.id, column]));
  const { order, visible } = columns.preferences;

  return (
    <DropdownMenu
      className="filter-menu column-menu"
      summary={
        <summary className="button">
          {t('columnMenu.button')} <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      <div
        className="popover filter-menu__panel filter-menu__panel--end"
        role="group"
        aria-label={t('columnMenu.button')}
      >
        <ul className="column-menu__list">
          {order.map((id, index) => {
            const key = byId.get(id)?.columnDef.meta?.label;
            const label = key === undefined ? id : t(key);
            return (
              <li key={id} className="column-menu__item">
                <label className="filter-menu__option">
                  <input
                    type="checkbox"
                    checked={visible.includes(id)}
                    disabled={visible.length === 1 && visible.includes(id)}
                    onChange={(event) => columns.setVisible(id, event.target.checked)}
                  />
                  <span className="filter-menu__label">{label}</span>
                </label>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('columnMenu.moveUp', { column: label })}
                  disabled={index === 0}
                  onClick={() => columns.move(id, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('columnMenu.moveDown', { column: label })}
                  disabled={index === order.length - 1}
                  onClick={() => columns.move(id, 1)}
                >
                  ↓
                </button>
              </li>
            );
          })}
        </ul>
        <button type="button" className="button button--link" onClick={columns.reset}>
          {t('columnMenu.restore')}
        </button>
      </div>
    </DropdownMenu>
  );
}

/** The response fields the visible columns show, in display order: what Export writes. */
export function visibleExportKeys<TData extends RowData>(
  table: DataTableInstance<TData>,
): string[] {
  const keys: string[] = [];
  for (const column of table.getVisibleLeafColumns()) {
    for (const key of column.columnDef.meta?.exportKeys ?? [])
      if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}
