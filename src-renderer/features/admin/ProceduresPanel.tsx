import { useTranslation } from 'react-i18next';
import { Button, Group, Modal, NumberInput, Stack, Switch, TextInput } from '@mantine/core';
import type { Procedure } from '~shared/domain/entities';
import { newId } from '~shared/ids';
import { useOffice } from '../../app/office';
import type { Redo } from '../../app/router';
import { useCatalogueForm } from './useCatalogueForm';
import { DialogFooter } from '../../components/DialogFooter';
import { IconPlus } from '../../components/icons';
import { RecordTable, RowAction } from '../../components/RecordTable';
import { ActiveBadge } from '../../components/StateBadge';

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
  const { form, setForm, errors, failure, running, save } = useCatalogueForm('procedure.upsert', redo, formFrom, (f) => {
    const missing: Record<string, string> = {};
    if (!f.code.trim()) missing.code = t('admin.procedures.errors.code');
    if (!f.nameFr.trim()) missing.nameFr = t('admin.procedures.errors.nameFr');
    if (!f.nameEn.trim()) missing.nameEn = t('admin.procedures.errors.nameEn');
    return missing;
  });

  const edit = (p: Procedure) => setForm({ id: p.id, code: p.code, nameFr: p.nameFr, nameEn: p.nameEn, active: p.active, sortOrder: p.sortOrder });
  const nextOrder = procedures.reduce((m, p) => Math.max(m, p.sortOrder), 0) + 10;

  return (
    <>
      <Group justify="flex-end" mb="md">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ ...formFrom({}), sortOrder: nextOrder })}>
          {t('admin.procedures.new')}
        </Button>
      </Group>
      <RecordTable
        rows={procedures}
        rowKey={(p) => p.id}
        columns={[
          { header: t('admin.procedures.code'), td: { ff: 'monospace' }, cell: (p) => p.code },
          { header: t('admin.procedures.nameFr'), cell: (p) => p.nameFr },
          { header: t('admin.procedures.nameEn'), cell: (p) => p.nameEn },
          { header: t('admin.procedures.state'), cell: (p) => <ActiveBadge active={p.active} activeLabel={t('admin.procedures.active')} inactiveLabel={t('admin.procedures.inactive')} /> },
          {
            td: { ta: 'right' },
            cell: (p) => (
              <RowAction onClick={() => edit(p)} label={t('admin.procedures.editName', { name: p.nameFr })}>
                {t('common.edit')}
              </RowAction>
            ),
          },
        ]}
      />
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
