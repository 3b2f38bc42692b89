// A failed export in the user's language, from the failure's kind and facts (api/run-export.ts
// writes English messages for scripts and logs; the page reads the facts instead).
import type { Translate } from '../../i18n/i18n';
import { ExportFailure } from './api/run-export';

export function exportFailureText(error: unknown, t: Translate): string {
  if (!(error instanceof ExportFailure)) {
    return t('failure.unexpected', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const { rows, total, detail } = error.facts;
  const counted = rows !== undefined && total !== undefined;
  switch (error.kind) {
    case 'rejected':
      return detail === undefined ? t('failure.noCount') : t('failure.rejected', { detail });
    case 'network':
      return counted ? t('failure.brokeOff', { rows, total }) : t('failure.unreachable');
    case 'incomplete':
      return t('failure.incomplete', { rows: rows ?? 0, total: total ?? 0 });
    case 'sink':
      return t('failure.sink', { detail: detail ?? error.message });
    case 'cancelled':
      return t('cancelled');
  }
}
