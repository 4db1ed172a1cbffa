import { useTranslation } from 'react-i18next';
import { Tabs } from '@mantine/core';
import { AccessLogPanel } from './AccessLogPanel';
import { IncidentsPanel } from './IncidentsPanel';
import { PersonPanel } from './PersonPanel';
import { RetentionPanel } from './RetentionPanel';

// Administration → Confidentialité (issue 14, points 5 and 6), admins only: one tab per duty
// (a person's rights, retention, the access log, the incident register), each a panel of its own.

const TABS = [
  { value: 'person', panel: <PersonPanel /> },
  { value: 'retention', panel: <RetentionPanel /> },
  { value: 'accessLog', panel: <AccessLogPanel /> },
  { value: 'incidents', panel: <IncidentsPanel /> },
] as const;

export function PrivacyScreen() {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="person" variant="pills" keepMounted={false}>
      <Tabs.List mb="md">
        {TABS.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {t(`privacy.tabs.${tab.value}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {TABS.map((tab) => (
        <Tabs.Panel key={tab.value} value={tab.value}>
          {tab.panel}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
