// How benchmarks report (docs/benchmarks.md, "How benchmarks report"): a readable table, or one JSON object per line.

export interface Figure {
  suite: string;
  bench: string;
  value: number;
  /** Say the direction for throughputs: "per s" figures have ratio = floor / value. */
  unit: string;
  floor: number | null;
  ratio: number | null;
  target: string;
}

/** Builds a figure whose ratio keeps "lower is better" for times and throughputs alike. */
export function figure(
  suite: string,
  bench: string,
  value: number,
  unit: string,
  floor: number | null,
  target: string,
): Figure {
  const throughput = unit.startsWith('per ');
  const ratio = floor == null || value === 0 ? null : throughput ? floor / value : value / floor;
  return { suite, bench, value: round(value), unit, floor: floor == null ? null : round(floor), ratio: ratio == null ? null : round(ratio), target };
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100;
}

export class Reporter {
  readonly figures: Figure[] = [];
  constructor(private readonly json: boolean) {}

  add(f: Figure): void {
    this.figures.push(f);
    if (this.json) {
      process.stdout.write(`${JSON.stringify(f)}\n`);
    } else {
      const floor = f.floor == null ? '' : `floor ${f.floor} ${f.unit}`;
      const ratio = f.ratio == null ? '' : `ratio ${f.ratio}`;
      process.stdout.write(
        `${f.suite.padEnd(8)} ${f.bench.padEnd(36)} ${String(f.value).padStart(10)} ${f.unit.padEnd(7)} ${floor.padEnd(22)} ${ratio.padEnd(12)} target: ${f.target}\n`,
      );
    }
  }
}

/** Percentile by nearest rank over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
