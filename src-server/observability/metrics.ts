// A small Prometheus registry (text exposition format 0.0.4) for GET /metrics (http/health.ts):
// counters with labels and gauges read when scraped. Plugins add their own through
// `FeatureContext.metrics`; background work (scheduler, SMS dispatcher) counts here too, which is
// why it lives outside http/.
// Labels carry routes, methods and statuses only, never anything personal.

type Labels = Record<string, string>;

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

/** Sums and counts of observed values (durations): Prometheus's summary without quantiles. */
export interface Summary {
  observe(labels: Labels, value: number): void;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'summary';
  render(): Promise<string[]>;
}

export class Metrics {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    const values = new Map<string, { labels: Labels; value: number }>();
    this.add({
      name,
      help,
      type: 'counter',
      render: async () => [...values.values()].map(({ labels, value }) => sample(name, labels, value)),
    });
    return {
      inc(labels = {}, by = 1) {
        const entry = values.get(keyOf(labels));
        if (entry === undefined) values.set(keyOf(labels), { labels, value: by });
        else entry.value += by;
      },
    };
  }

  summary(name: string, help: string): Summary {
    const values = new Map<string, { labels: Labels; sum: number; count: number }>();
    this.add({
      name,
      help,
      type: 'summary',
      render: async () =>
        [...values.values()].flatMap(({ labels, sum, count }) => [
          sample(`${name}_sum`, labels, sum),
          sample(`${name}_count`, labels, count),
        ]),
    });
    return {
      observe(labels, value) {
        const entry = values.get(keyOf(labels));
        if (entry === undefined) values.set(keyOf(labels), { labels, sum: value, count: 1 });
        else {
          entry.sum += value;
          entry.count += 1;
        }
      },
    };
  }

  /** A value read at scrape time; a reading that fails is left out of that scrape. */
  gauge(name: string, help: string, read: () => number | Promise<number>): void {
    this.add({
      name,
      help,
      type: 'gauge',
      render: async () => {
        try {
          return [sample(name, {}, await read())];
        } catch {
          return [];
        }
      },
    });
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const family of this.families.values()) {
      lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      lines.push(`# TYPE ${family.name} ${family.type}`);
      lines.push(...(await family.render()));
    }
    return `${lines.join('\n')}\n`;
  }

  private add(family: Family): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(family.name)) throw new Error(`Nom de métrique invalide : ${family.name}`);
    if (this.families.has(family.name)) throw new Error(`Métrique déjà déclarée : ${family.name}`);
    this.families.set(family.name, family);
  }
}

function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort());
}

function sample(name: string, labels: Labels, value: number): string {
  const entries = Object.entries(labels);
  const text = entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
  return `${name}${text} ${Number.isFinite(value) ? value : 'NaN'}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
