// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderBare } from '../testing/renderBare';
import { RecordTable, RowAction } from './RecordTable';

afterEach(cleanup);

interface Visit {
  id: string;
  who: string;
}

const visits: Visit[] = [
  { id: 'a', who: 'Ana Silva' },
  { id: 'b', who: 'Omar Haddad' },
];

describe('RecordTable', () => {
  it('shows one row a record under its headers, the action column unnamed, and each action reaches its own row', async () => {
    const opened: string[] = [];
    renderBare(
      <RecordTable
        rows={visits}
        rowKey={(v) => v.id}
        label="Visites"
        columns={[
          { header: 'Personne', cell: (v) => v.who },
          { td: { ta: 'right' }, cell: (v) => <RowAction onClick={() => opened.push(v.id)} label={`Ouvrir ${v.who}`}>Ouvrir</RowAction> },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Visites' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Personne', '']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((tr) => within(tr).getAllByRole('cell')[0]?.textContent)).toEqual(['Ana Silva', 'Omar Haddad']);

    await userEvent.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Ouvrir Omar Haddad' }));
    expect(opened).toEqual(['b']);
  });

  it('is reached and used from the keyboard: Tab moves from one row action to the next, Enter runs it', async () => {
    const opened: string[] = [];
    renderBare(
      <RecordTable rows={visits} rowKey={(v) => v.id} columns={[{ cell: (v) => <RowAction onClick={() => opened.push(v.id)}>{v.who}</RowAction> }]} />,
    );
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Ana Silva' }));
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Omar Haddad' }));
    await userEvent.keyboard('{Enter}');
    expect(opened).toEqual(['b']);
  });
});
