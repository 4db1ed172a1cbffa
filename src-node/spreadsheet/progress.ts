// What a long reading reports while it goes, for a progress bar and the command line.

export interface ReadProgress {
  sheet: string;
  rowsRead: number;
  /** The sheet's last row as the file declares it; null when it does not say. */
  totalRows: number | null;
  bytesRead: number;
  totalBytes: number;
}
