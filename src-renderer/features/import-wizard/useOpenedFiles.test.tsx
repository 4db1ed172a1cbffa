// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { act } from 'react';
import { renderScreen, missingKeys } from '../../testing/render';
import { DIRECTOR, MARIE } from '../../testing/fixtures';
import { ImportWizard } from './ImportWizard';
import { clearImport } from './importStore';
import { useOpenedFiles } from './useOpenedFiles';

// Issue 12, point 5: a spreadsheet opened with Bureau (the main process holds its path) opens the
// import wizard on that path, at once or when the main process says one arrived.

function OpenedFilesProbe() {
  useOpenedFiles();
  return <ImportWizard />;
}

/** The main process's answer does not matter here: the wizard asked for that path. */
const notRead = () => ({ ok: false as const, error: { code: 'file_refused', message: 'Fichier illisible.' } });

function waitingFiles(...batches: string[][]) {
  return () => batches.shift() ?? [];
}

afterEach(() => {
  cleanup();
  clearImport();
  missingKeys.length = 0;
});

describe('a spreadsheet opened with Bureau', () => {
  it('opens the import wizard on its path as soon as the office shows', async () => {
    const { api } = renderScreen(<OpenedFilesProbe />, {
      as: DIRECTOR,
      handlers: { 'desktop:openedFiles:take': waitingFiles(['/home/diane/Leads juin.xlsx']), 'import:open': notRead },
    });
    await waitFor(() => expect(api.callsTo('import:open')).toEqual([expect.objectContaining({ source: { kind: 'path', path: '/home/diane/Leads juin.xlsx' } })]));
    expect(await screen.findByText(/Leads juin\.xlsx/)).toBeTruthy();
    expect(missingKeys).toEqual([]);
  });

  it('opens later ones when the main process says they arrived', async () => {
    const { api } = renderScreen(<OpenedFilesProbe />, {
      as: DIRECTOR,
      handlers: { 'desktop:openedFiles:take': waitingFiles([], ['C:\\Users\\diane\\Nouveaux.xlsx']), 'import:open': notRead },
    });
    await waitFor(() => expect(api.callsTo('desktop:openedFiles:take')).toHaveLength(1));
    expect(api.callsTo('import:open')).toEqual([]);
    act(() => api.emit({ type: 'openedFiles' }));
    await waitFor(() => expect(api.callsTo('import:open')).toEqual([expect.objectContaining({ source: { kind: 'path', path: 'C:\\Users\\diane\\Nouveaux.xlsx' } })]));
    expect(await screen.findByText(/Nouveaux\.xlsx/)).toBeTruthy();
  });

  it('says in French that only administrators and directors import, to anyone else', async () => {
    const { api } = renderScreen(<OpenedFilesProbe />, {
      as: MARIE,
      handlers: { 'desktop:openedFiles:take': waitingFiles(['/home/marie/leads.xlsx']) },
    });
    await waitFor(() => expect(api.callsTo('desktop:openedFiles:take')).toHaveLength(1));
    await waitFor(() => expect(document.body.textContent).toContain('Seuls les administrateurs et la direction importent des listes\u00a0: «\u00a0leads.xlsx\u00a0» n’a pas été ouvert.'));
    expect(api.callsTo('import:open')).toEqual([]);
  });
});
