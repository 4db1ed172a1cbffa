import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Group, Paper, Select, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { LEAD_SORTS, type LeadSort } from '~shared/contract/ipc';
import { LEAD_STATUSES, STATUS_INFO, type LeadStatus } from '~shared/domain/statuses';
import { invoke, useQuery } from '../../lib/api';
import { useFormat } from '../../lib/useFormat';
import { useRouter, type Redo } from '../../app/router';
import { useSession } from '../../app/session';
import { useOffice } from '../../app/office';
import { PageTitle } from '../../components/PageTitle';
import { Empty } from '../../components/Empty';
import { IconPlus, IconSearch } from '../../components/icons';
import { canAssignInBulk, canImport } from '../permissionsView';
import { LeadFilterBar } from './LeadFilterBar';
import { LeadTable } from './LeadTable';
import { toListFilters, type LeadFilterState } from './leadFilters';
import { setLeadsView, useLeadsView } from './leadsViewStore';
import { useLeadPages } from './useLeadPages';
import { EMPTY_SELECTION, pick, selectAllMatching, type PickModifiers, type Selection } from './selection';
import { AssignDialog } from './AssignDialog';
import { DistributeDialog } from './DistributeDialog';
import { NewLeadDialog } from './NewLeadDialog';
import { ImportButton } from '../import-wizard/ImportButton';
import { LeadsExportMenu } from './LeadsExportMenu';
import { ColumnPicker } from './ColumnPicker';
import { loadColumns, saveColumns, type OptionalColumn } from './leadColumns';

const SEARCH_DEBOUNCE_MS = 250;
/** leads:ids answers at most this many ids ("all that match"). */
const MAX_MATCHING = 100_000;

export function LeadsScreen({ redo }: { redo?: Redo | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { navigate } = useRouter();
  const { user, actor } = useSession();
  const { timeZone } = useOffice();
  const view = useLeadsView();
  const [search, setSearch] = useState(view.filters.search);
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [dialog, setDialog] = useState<null | 'assign' | 'distribute' | 'new'>(redo?.name === 'lead.create' ? 'new' : redo?.name === 'lead.assign' ? 'assign' : null);
  const [matchingBusy, setMatchingBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [columns, setColumns] = useState<OptionalColumn[]>(() => loadColumns(user.id));
  const chooseColumns = (next: OptionalColumn[]) => {
    setColumns(next);
    saveColumns(user.id, next);
  };

  useEffect(() => {
    if (debouncedSearch !== view.filters.search) setLeadsView({ filters: { ...view.filters, search: debouncedSearch }, scrollTop: 0 });
  }, [debouncedSearch, view.filters]);

  const filters = useMemo(
    () => toListFilters(view.filters, { meId: user.id, now: new Date().toISOString(), timeZone }),
    [view.filters, user.id, timeZone],
  );
  const pages = useLeadPages(filters, view.sort);
  const countsFilters = useMemo(() => {
    const { statuses: _ignored, ...rest } = filters;
    return rest;
  }, [filters]);
  const counts = useQuery('leads:counts', { filters: countsFilters }, { tables: ['leads'] });

  // New filters: the selection spoke of other rows.
  useEffect(() => setSelection(EMPTY_SELECTION), [filters, view.sort]);

  const setFilters = (next: LeadFilterState) => setLeadsView({ filters: { ...next, search }, scrollTop: 0 });
  const toggleStatus = (status: LeadStatus) => {
    const has = view.filters.statuses.includes(status);
    setFilters({ ...view.filters, statuses: has ? view.filters.statuses.filter((s) => s !== status) : [...view.filters.statuses, status] });
  };

  const onPick = (index: number, id: string, modifiers: PickModifiers) => setSelection((s) => pick(s, index, id, modifiers, (i) => pages.rowAt(i)?.id));

  async function selectMatching() {
    setMatchingBusy(true);
    const result = await invoke('leads:ids', { filters, sort: view.sort, max: MAX_MATCHING });
    setMatchingBusy(false);
    if (!result.ok) {
      setNotice(result.error.message);
      return;
    }
    setSelection(selectAllMatching(result.value));
    if (pages.total !== null && result.value.length < pages.total) setNotice(t('leads.selection.capped', { count: result.value.length }));
  }

  const selectedIds = useMemo(() => [...selection.ids], [selection]);
  // A redo from Refus is done once its form saved: the refusal goes.
  const redone = () => {
    if (redo?.refusalId) void invoke('refusals:dismiss', { mutationId: redo.refusalId });
  };
  const total = pages.total;
  const bulk = canAssignInBulk(actor);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 56px - 2 * var(--mantine-spacing-lg))', minHeight: 480, gap: 'var(--mantine-spacing-sm)' }}>
      <PageTitle
        aside={
          total !== null && (
            <Badge variant="light" color="gray" size="lg" radius="sm" tt="none" aria-live="polite">
              {t('leads.count', { count: total, formatted: format.number(total) })}
            </Badge>
          )
        }
        actions={
          <>
            <Select
              aria-label={t('leads.sort.label')}
              data={LEAD_SORTS.map((s) => ({ value: s, label: t(`leads.sort.${s}`) }))}
              value={view.sort}
              onChange={(v) => v && setLeadsView({ sort: v as LeadSort, scrollTop: 0 })}
              allowDeselect={false}
              w={230}
            />
            <ColumnPicker value={columns} onChange={chooseColumns} />
            {canImport(actor) && <ImportButton />}
            <LeadsExportMenu actor={actor} filters={filters} sort={view.sort} />
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog('new')}>
              {t('leads.new')}
            </Button>
          </>
        }
      >
        {t('nav.leads')}
      </PageTitle>

      <TextInput
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        placeholder={t('leads.searchPlaceholder')}
        aria-label={t('leads.search')}
        leftSection={<IconSearch size={16} />}
        size="md"
        type="search"
      />
      <LeadFilterBar value={view.filters} onChange={setFilters} />

      <Group gap={6} wrap="wrap" aria-label={t('leads.byStatus')} role="group">
        {LEAD_STATUSES.map((status) => {
          const n = counts.data?.[status] ?? 0;
          const on = view.filters.statuses.includes(status);
          return (
            <UnstyledButton
              key={status}
              onClick={() => toggleStatus(status)}
              aria-pressed={on}
              style={{
                borderRadius: 999,
                padding: '2px 10px',
                fontSize: 'var(--mantine-font-size-xs)',
                fontWeight: 600,
                border: `1.5px solid ${STATUS_INFO[status].hex}`,
                background: on ? STATUS_INFO[status].hex : 'white',
                color: on ? '#ffffff' : STATUS_INFO[status].hex,
              }}
            >
              {t(`status.${status}`)} · {format.number(n)}
            </UnstyledButton>
          );
        })}
      </Group>

      {notice && (
        <Alert color="yellow" variant="light" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t('common.close')}>
          {notice}
        </Alert>
      )}

      {(selection.ids.size > 0 || (total ?? 0) > 0) && (
        <Paper withBorder radius="md" px="md" py={6} bg={selection.ids.size > 0 ? 'bureau.0' : undefined} aria-live="polite">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="sm">
              <Text size="sm" fw={500}>
                {selection.ids.size > 0 ? t('leads.selection.count', { count: selection.ids.size, formatted: format.number(selection.ids.size) }) : t('leads.selection.hint')}
              </Text>
              {total !== null && total > 0 && !selection.allMatching && (
                <Button variant="subtle" size="compact-sm" loading={matchingBusy} onClick={() => void selectMatching()}>
                  {t('leads.selection.allMatching', { count: total, formatted: format.number(total) })}
                </Button>
              )}
              {selection.ids.size > 0 && (
                <Button variant="subtle" size="compact-sm" color="gray" onClick={() => setSelection(EMPTY_SELECTION)}>
                  {t('leads.selection.clear')}
                </Button>
              )}
            </Group>
            {selection.ids.size > 0 && bulk && (
              <Group gap="xs">
                <Button size="compact-md" variant="light" onClick={() => setDialog('assign')}>
                  {t('leads.assign.open')}
                </Button>
                <Button size="compact-md" onClick={() => setDialog('distribute')}>
                  {t('leads.distribute.open')}
                </Button>
              </Group>
            )}
          </Group>
        </Paper>
      )}

      {pages.error && (
        <Alert color="red" variant="light" role="alert">
          {pages.error}
        </Alert>
      )}
      {total === 0 ? (
        <Paper withBorder radius="md" style={{ flex: 1 }}>
          <Empty title={t('leads.empty')} description={view.filters.search || filters.statuses ? t('leads.emptyFiltered') : t('leads.emptyHint')}>
            <Button mt="md" onClick={() => setDialog('new')} leftSection={<IconPlus size={16} />}>
              {t('leads.new')}
            </Button>
          </Empty>
        </Paper>
      ) : (
        <LeadTable
          pages={pages}
          selection={selection}
          onPick={onPick}
          onOpen={(id) => navigate({ name: 'lead', id })}
          onSelectAllMatching={() => void selectMatching()}
          columns={columns}
        />
      )}

      <AssignDialog
        opened={dialog === 'assign'}
        leadIds={selectedIds}
        redo={redo?.name === 'lead.assign' ? redo : undefined}
        onClose={() => setDialog(null)}
        onDone={() => {
          if (redo?.name === 'lead.assign') redone();
          setSelection(EMPTY_SELECTION);
        }}
      />
      <DistributeDialog opened={dialog === 'distribute'} leadIds={selectedIds} onClose={() => setDialog(null)} onDone={() => setSelection(EMPTY_SELECTION)} />
      <NewLeadDialog
        opened={dialog === 'new'}
        prefill={redo?.name === 'lead.create' ? redo.args : undefined}
        onClose={() => setDialog(null)}
        onCreated={(id) => {
          if (redo?.name === 'lead.create') redone();
          navigate({ name: 'lead', id });
        }}
      />
    </div>
  );
}
