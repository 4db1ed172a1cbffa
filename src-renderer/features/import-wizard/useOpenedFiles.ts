import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { call, useApiEvent } from '../../lib/api';
import { useSession } from '../../app/session';
import { canImport } from '../permissionsView';
import { startImport } from './importStore';

// A spreadsheet opened with Bureau (double-click, « Ouvrir avec », dropped on its icon: issue 12,
// point 5) waits in the main process until the signed-in window takes it, at once or when told by
// an `openedFiles` event; the wizard then opens on the last one, as if it had been dropped here.

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function useOpenedFiles(): void {
  const { t } = useTranslation();
  const { actor } = useSession();
  const allowed = canImport(actor);

  const take = useCallback(async () => {
    let paths: string[];
    try {
      paths = await call('desktop:openedFiles:take', {});
    } catch {
      // Not taken, so still waiting in the main process: the next event or mount tries again.
      return;
    }
    const path = paths.at(-1);
    if (path === undefined) return;
    if (allowed) startImport({ kind: 'opened', path, name: baseName(path) });
    else notifications.show({ color: 'red', message: t('import.openedRefused', { fileName: baseName(path) }), autoClose: 10_000 });
  }, [allowed, t]);

  useEffect(() => {
    void take();
  }, [take]);

  useApiEvent((event) => {
    if (event.type === 'openedFiles') void take();
  });
}
