import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@mantine/core';
import { IconUpload } from '../../components/icons';
import { startImport } from './importStore';

/** « Importer… » on the Leads screen: the same wizard as a file dropped on the window. */
export function ImportButton() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => input.current?.click()}>
        {t('import.pick')}
      </Button>
      <input
        ref={input}
        type="file"
        hidden
        accept=".xlsx,.xls,.ods,.csv"
        aria-label={t('import.pickLabel')}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          // Cleared, so that picking the same file again (after fixing it) starts again.
          event.currentTarget.value = '';
          if (file) startImport(file);
        }}
      />
    </>
  );
}
