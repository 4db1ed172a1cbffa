import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { DesktopPreferences } from '~shared/contract/ipc';
import { ApiError, call } from '../lib/api';

/** « Ouvrir Bureau à l’ouverture de session » in the user's menu; absent where the system has no such setting (the browser). */
export function LaunchAtLoginItem() {
  const { t } = useTranslation();
  const [preferences, setPreferences] = useState<DesktopPreferences | null>(null);

  useEffect(() => {
    let alive = true;
    call('desktop:preferences:get', {}).then(
      (answer) => alive && setPreferences(answer),
      () => alive && setPreferences(null),
    );
    return () => {
      alive = false;
    };
  }, []);

  if (preferences === null || !preferences.launchAtLoginAvailable) return null;
  const toggle = () => {
    call('desktop:preferences:set', { launchAtLogin: !preferences.launchAtLogin }).then(setPreferences, (error: unknown) =>
      notifications.show({ color: 'red', title: t('user.launchAtLogin'), message: error instanceof ApiError ? error.message : String(error) }),
    );
  };
  return (
    <Menu.Item
      closeMenuOnClick={false}
      onClick={toggle}
      role="menuitemcheckbox"
      aria-checked={preferences.launchAtLogin}
      leftSection={<Checkbox size="xs" checked={preferences.launchAtLogin} readOnly tabIndex={-1} aria-hidden />}
    >
      {t('user.launchAtLogin')}
    </Menu.Item>
  );
}
