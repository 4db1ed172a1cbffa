import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Center, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import type { OfficeCreated } from '~shared/contract/office';
import { IconLink, IconServer } from '../../components/icons';
import { CreateOfficeForm } from './CreateOfficeForm';
import { JoinOfficeForm } from './JoinOfficeForm';
import { OfficeReady } from './OfficeReady';

// The workstation's very first launch (issue 12, point 2): it creates the office and hosts it,
// or joins an office hosted elsewhere. Afterwards it never shows again: the choice is kept.

interface Props {
  /** The office was created here and its first administrator signs in. */
  onCreatedSignIn: (created: OfficeCreated, email: string, password: string) => Promise<string | null>;
  /** An office was found at this address: the sign-in follows. */
  onJoined: (serverUrl: string, officeName: string | null) => void;
}

type Step = { kind: 'choose' } | { kind: 'create' } | { kind: 'join' } | { kind: 'ready'; created: OfficeCreated; email: string; password: string };

export function FirstRunScreen({ onCreatedSignIn, onJoined }: Props) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const back = () => setStep({ kind: 'choose' });

  if (step.kind === 'create') {
    return (
      <Frame width={560}>
        <CreateOfficeForm onBack={back} onCreated={(created, email, password) => setStep({ kind: 'ready', created, email, password })} />
      </Frame>
    );
  }
  if (step.kind === 'ready') {
    return (
      <Frame width={700}>
        <OfficeReady created={step.created} onOpen={() => onCreatedSignIn(step.created, step.email, step.password)} />
      </Frame>
    );
  }
  if (step.kind === 'join') {
    return (
      <Frame width={520}>
        <JoinOfficeForm onBack={back} onJoined={onJoined} />
      </Frame>
    );
  }
  return (
    <Frame width={760}>
      <Stack gap="xl">
        <div>
          <Title order={1} size="h2">
            {t('firstRun.welcome')}
          </Title>
          <Text c="dimmed" mt={4}>
            {t('firstRun.intro')}
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Choice icon={<IconServer size={26} />} title={t('firstRun.create.choice')} text={t('firstRun.create.choiceText')} onClick={() => setStep({ kind: 'create' })} />
          <Choice icon={<IconLink size={26} />} title={t('firstRun.join.choice')} text={t('firstRun.join.choiceText')} onClick={() => setStep({ kind: 'join' })} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('firstRun.later')}
        </Text>
      </Stack>
    </Frame>
  );
}

function Choice({ icon, title, text, onClick }: { icon: ReactNode; title: string; text: string; onClick: () => void }) {
  return (
    <UnstyledButton
      onClick={onClick}
      p="lg"
      ta="left"
      className="first-run-choice"
    >
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon size={48} radius="md" variant="light">
          {icon}
        </ThemeIcon>
        <div>
          <Text fw={600} size="lg">
            {title}
          </Text>
          <Text size="sm" c="dimmed" mt={4}>
            {text}
          </Text>
        </div>
      </Group>
    </UnstyledButton>
  );
}

/** The product's name above a card, on the application's quiet background. */
export function Frame({ width, children }: { width: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack component="main" gap="md" w={width} maw="100%">
        <Group gap="xs">
          <Box w={10} h={28} bg="blue.7" style={{ borderRadius: 3 }} aria-hidden="true" />
          <Text fw={700} size="xl">
            {t('app.name')}
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="lg" p="xl">
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
