import { useTranslation } from 'react-i18next';
import { Button, Menu, Text } from '@mantine/core';
import type { LeadFilters, LeadSort } from '~shared/contract/ipc';
import type { Actor } from '~shared/domain/mutations/types';
import { can } from '~shared/domain/permissions';
import { invoke } from '../../lib/api';
import { useExport } from '../../lib/useExport';
import { IconDownload } from '../../components/icons';

// The Leads screen's « Exporter » menu (issue 10, point 8): the list as shown, and the import
// template. Shown only to those the permission table lets export or import; the main process
// checks again.

export function LeadsExportMenu({ actor, filters, sort }: { actor: Actor; filters: LeadFilters; sort: LeadSort }) {
  const { t } = useTranslation();
  const { busy, run } = useExport();
  const exportList = can(actor, 'export');
  const template = can(actor, 'lead.import');
  if (!exportList && !template) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={busy} aria-label={t('export.menuLabel')}>
          {t('export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {exportList && (
          <Menu.Item onClick={() => void run(() => invoke('export:leads', { filters, sort }))}>
            <Text size="sm">{t('export.leads')}</Text>
            <Text size="xs" c="dimmed">
              {t('export.leadsHint')}
            </Text>
          </Menu.Item>
        )}
        {template && (
          <Menu.Item onClick={() => void run(() => invoke('export:importTemplate', {}))}>
            <Text size="sm">{t('export.template')}</Text>
            <Text size="xs" c="dimmed">
              {t('export.templateHint')}
            </Text>
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
