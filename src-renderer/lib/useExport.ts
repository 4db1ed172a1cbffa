import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import { XLSX_MIME, type ExportedFile } from '~shared/contract/exports';
import type { IpcResult } from '~shared/contract/ipc';

// Runs an export channel and tells the user where the file went (issue 10, point 8). The main
// process writes the file: in the app it has asked where to save it; through the development
// bridge the bytes come back and the page offers them as a download.

function offerDownload(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: XLSX_MIME }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `run(() => invoke('export:…', …))`; `busy` while the file is written. */
export function useExport(): { busy: boolean; run: (request: () => Promise<IpcResult<ExportedFile>>) => Promise<void> } {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async (request: () => Promise<IpcResult<ExportedFile>>) => {
    setBusy(true);
    try {
      const result = await request();
      if (!result.ok) {
        notifications.show({ color: 'red', title: t('export.failed'), message: result.error.message, autoClose: 10_000 });
        return;
      }
      const file = result.value;
      if (file.kind === 'cancelled') return;
      if (file.kind === 'download') offerDownload(file.fileName, file.base64);
      notifications.show({
        color: 'teal',
        message: file.kind === 'saved' ? t('export.saved', { path: file.path }) : t('export.downloaded', { name: file.fileName }),
      });
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
