import { Text } from '@mantine/core';

// A certificate's SHA-256 fingerprint (AB:CD:…), set so that two people can compare it group by
// group between two screens: monospace, in two halves of sixteen pairs.

export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  const pairs = value.split(':');
  return (
    <Text ff="monospace" fw={600} size="sm" data-testid={testId} aria-label={value} style={{ lineHeight: 1.6 }}>
      {pairs.slice(0, 16).join(':')}
      <br />
      {pairs.slice(16).join(':')}
    </Text>
  );
}
