import { useTranslation } from 'react-i18next';
import { Tabs } from '@mantine/core';
import type { AdminTab, Redo } from '../../app/router';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { PageTitle } from '../../components/PageTitle';
import { HostedOfficePanel } from './HostedOfficePanel';
import { canManage } from '../permissionsView';
import { UsersPanel } from './UsersPanel';
import { ProceduresPanel } from './ProceduresPanel';
import { SettingsPanel } from './SettingsPanel';
import { SmsTemplatesPanel } from './SmsTemplatesPanel';
import { PrivacyTabs } from '../privacy/PrivacyTabs';

/** Administration (permissions.md: users and settings for admins; procedures and SMS templates for directors too). */
export function AdminScreen({ tab, redo }: { tab?: AdminTab | undefined; redo?: Redo | undefined }) {
  const { t } = useTranslation();
  const { actor } = useSession();
  const { navigate } = useRouter();
  const tabs: AdminTab[] = (['users', 'procedures', 'smsTemplates', 'settings', 'privacy'] as const).filter((x) => canManage(actor, x));
  const current = tab && tabs.includes(tab) ? tab : tabs[0];
  if (!current) return <PageTitle>{t('nav.admin')}</PageTitle>;
  return (
    <div>
      <PageTitle>{t('nav.admin')}</PageTitle>
      <Tabs value={current} onChange={(v) => v && navigate({ name: 'admin', tab: v as AdminTab })} keepMounted={false}>
        <Tabs.List mb="lg">
          {tabs.map((x) => (
            <Tabs.Tab key={x} value={x}>
              {t(`admin.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="users">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="procedures">
          <ProceduresPanel redo={redo?.name === 'procedure.upsert' ? redo : undefined} />
        </Tabs.Panel>
        <Tabs.Panel value="smsTemplates">
          <SmsTemplatesPanel redo={redo?.name === 'smsTemplate.upsert' ? redo : undefined} />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsPanel redo={redo?.name === 'settings.update' ? redo : undefined} />
          <HostedOfficePanel />
        </Tabs.Panel>
        <Tabs.Panel value="privacy">
          <PrivacyTabs />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
