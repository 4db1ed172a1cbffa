import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Group, Modal, NumberInput, Paper, Stack, Switch, Table, TextInput } from '@mantine/core';
import type { Procedure } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { invoke, useMutation } from '../../lib/api';
import { useOffice } from '../../app/office';
import type { Redo } from '../../app/router';
import { DialogFooter } from '../../components/DialogFooter';
import { IconPlus } from '../../components/icons';

interface ProcedureForm {
  id: string;
  code: string;
  nameFr: string;
  nameEn: string;
  active: boolean;
  sortOrder: number;
}

function formFrom(args: unknown): ProcedureForm {
  const a = (args ?? {}) as Record<string, unknown>;
  return {
    id: typeof a.id === 'string' ? a.id : newId(),
    code: typeof a.code === 'string' ? a.code : '',
    nameFr: typeof a.nameFr === 'string' ? a.nameFr : '',
    nameEn: typeof a.nameEn === 'string' ? a.nameEn : '',
    active: typeof a.active === 'boolean' ? a.active : true,
    sortOrder: typeof a.sortOrder === 'number' ? a.sortOrder : 0,
  };
}

/** The procedure catalogue offered in evaluations (domain.md: admins and directors edit it). */
export function ProceduresPanel({ redo }: { redo?: Redo | undefined }) {
  const { t } = useTranslation();
  const { procedures } = useOffice();
  const { run, running } = useMutation();
  const [form, setForm] = useState<ProcedureForm | null>(redo ? formFrom(redo.args) : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    setErrors({});
    setFailure(null);
  }, [form?.id]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    const missing: Record<string, string> = {};
    if (!form.code.trim()) missing.code = t('admin.procedures.errors.code');
    if (!form.nameFr.trim()) missing.nameFr = t('admin.procedures.errors.nameFr');
    if (!form.nameEn.trim()) missing.nameEn = t('admin.procedures.errors.nameEn');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const outcome = await run('procedure.upsert', form);
    if (!outcome.ok) {
      setErrors(outcome.error.fields ?? {});
      setFailure(outcome.error.message);
      return;
    }
    if (redo?.refusalId) void invoke('refusals:dismiss', { mutationId: redo.refusalId });
    setForm(null);
  }

  const edit = (p: Procedure) => setForm({ id: p.id, code: p.code, nameFr: p.nameFr, nameEn: p.nameEn, active: p.active, sortOrder: p.sortOrder });
  const nextOrder = procedures.reduce((m, p) => Math.max(m, p.sortOrder), 0) + 10;

  return (
    <>
      <Group justify="flex-end" mb="md">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ ...formFrom({}), sortOrder: nextOrder })}>
          {t('admin.procedures.new')}
        </Button>
      </Group>
      <Paper withBorder radius="md">
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.procedures.code')}</Table.Th>
              <Table.Th>{t('admin.procedures.nameFr')}</Table.Th>
              <Table.Th>{t('admin.procedures.nameEn')}</Table.Th>
              <Table.Th>{t('admin.procedures.state')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {procedures.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td ff="monospace">{p.code}</Table.Td>
                <Table.Td>{p.nameFr}</Table.Td>
                <Table.Td>{p.nameEn}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={p.active ? 'teal' : 'gray'} radius="sm" tt="none">
                    {p.active ? t('admin.procedures.active') : t('admin.procedures.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  <Button variant="subtle" size="compact-sm" onClick={() => edit(p)} aria-label={t('admin.procedures.editName', { name: p.nameFr })}>
                    {t('common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Modal opened={form !== null} onClose={() => setForm(null)} title={procedures.some((p) => p.id === form?.id) ? t('admin.procedures.edit') : t('admin.procedures.new')}>
        {form && (
          <form onSubmit={save} noValidate>
            <Stack gap="sm">
              <TextInput label={t('admin.procedures.code')} required value={form.code} onChange={(e) => setForm({ ...form, code: e.currentTarget.value })} error={errors.code} data-autofocus />
              <TextInput label={t('admin.procedures.nameFr')} required value={form.nameFr} onChange={(e) => setForm({ ...form, nameFr: e.currentTarget.value })} error={errors.nameFr} />
              <TextInput label={t('admin.procedures.nameEn')} required value={form.nameEn} onChange={(e) => setForm({ ...form, nameEn: e.currentTarget.value })} error={errors.nameEn} />
              <NumberInput label={t('admin.procedures.sortOrder')} value={form.sortOrder} onChange={(v) => setForm({ ...form, sortOrder: typeof v === 'number' ? v : 0 })} allowDecimal={false} />
              <Switch label={t('admin.procedures.activeLabel')} checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
              <DialogFooter error={failure} onCancel={() => setForm(null)} submitLabel={t('common.save')} loading={running} />
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
