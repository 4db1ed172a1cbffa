import { Text } from '@mantine/core';

/** A read-only label and value, as on a file card. */
export function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="sm">{value === '' ? '—' : value}</Text>
    </div>
  );
}
