import { useTranslation } from 'react-i18next';
import { Tabs } from '@mantine/core';
import { AccessLogPanel } from './AccessLogPanel';
import { IncidentsPanel } from './IncidentsPanel';

/** Administration → Confidentialité (issue 14): the access log and the incident register. */
export function PrivacyTabs() {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="accessLog" variant="pills" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="accessLog">{t('privacy.accessLog.title')}</Tabs.Tab>
        <Tabs.Tab value="incidents">{t('privacy.incidents.title')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="accessLog">
        <AccessLogPanel />
      </Tabs.Panel>
      <Tabs.Panel value="incidents">
        <IncidentsPanel />
      </Tabs.Panel>
    </Tabs>
  );
}
