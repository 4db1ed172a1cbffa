import { describe, expect, it, vi } from 'vitest';
import { OpenedFiles, spreadsheetArguments } from './opened-files';

describe('spreadsheets in a command line', () => {
  it('keeps the spreadsheets, made absolute from the launch’s folder, and skips switches and the program', () => {
    const argv = ['/opt/Bureau/bureau', '--no-sandbox', '--au-demarrage', 'Leads juin.xlsx', '/home/marie/anciens.XLSX', 'notes.txt', '--flag=x.xlsx'];
    expect(spreadsheetArguments(argv, '/home/marie/Documents')).toEqual(['/home/marie/Documents/Leads juin.xlsx', '/home/marie/anciens.XLSX']);
  });

  it('reads file:// addresses', () => {
    expect(spreadsheetArguments(['bureau', 'file:///home/marie/Leads%20juin.xlsx'], '/')).toEqual(['/home/marie/Leads juin.xlsx']);
  });
});

describe('files waiting for the page', () => {
  it('tells the page once per new file and hands each file once', () => {
    const nudge = vi.fn();
    const files = new OpenedFiles(nudge);
    files.add(['/a.xlsx']);
    files.add(['/a.xlsx']);
    files.add([]);
    files.add(['/b.xlsx']);
    expect(nudge).toHaveBeenCalledTimes(2);
    expect(files.take()).toEqual(['/a.xlsx', '/b.xlsx']);
    expect(files.take()).toEqual([]);
  });
});
