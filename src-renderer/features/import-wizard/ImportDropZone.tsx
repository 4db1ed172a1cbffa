import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Overlay, Paper, Stack, Text, Title } from '@mantine/core';
import { IconUpload } from '../../components/icons';
import { startImport } from './importStore';

// A file dragged over the window, anywhere, shows where to let go (issue 10, point 1): the whole
// window is the drop zone. Mounted by the shell for those who may import (permissions.md).

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function ImportDropZone() {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every element crossed: count them to know when it left the window.
  const depth = useRef(0);

  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setOver(true);
    };
    const overWindow = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the file in place of the application.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setOver(false);
      const file = event.dataTransfer?.files[0];
      if (file) startImport(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!over) return null;
  return (
    <Overlay fixed zIndex={400} backgroundOpacity={0.45} blur={2} center data-testid="import-drop-zone">
      <Paper p="xl" radius="lg" shadow="xl" withBorder style={{ borderStyle: 'dashed', borderWidth: 3, borderColor: 'var(--mantine-color-bureau-6)', pointerEvents: 'none' }}>
        <Stack align="center" gap="xs" maw={420}>
          <IconUpload size={48} color="var(--mantine-color-bureau-7)" />
          <Title order={3} ta="center">
            {t('import.drop.title')}
          </Title>
          <Text c="dimmed" ta="center">
            {t('import.drop.hint')}
          </Text>
        </Stack>
      </Paper>
    </Overlay>
  );
}
