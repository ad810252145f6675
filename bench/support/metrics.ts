/** One Prometheus histogram read from the text format, without labels. */
export interface HistogramReading {
  count: number;
  sumSeconds: number;
  /** Cumulative counts by upper bound in seconds, `+Inf` last. */
  buckets: { le: number; count: number }[];
}

/**
 * Reads histogram `name` from Prometheus text output, keeping only series
 * whose labels contain `labelFilter` (all series when it is empty), summed.
 */
export function readHistogram(text: string, name: string, labelFilter = ''): HistogramReading {
  const reading: HistogramReading = { count: 0, sumSeconds: 0, buckets: [] };
  const byBound = new Map<number, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)(\{[^}]*\})? ([0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    if (!match || !match[1]!.startsWith(name) || !(match[2] ?? '').includes(labelFilter)) {
      continue;
    }
    const value = Number(match[3]);
    const suffix = match[1]!.slice(name.length);
    if (suffix === '_count') {
      reading.count += value;
    } else if (suffix === '_sum') {
      reading.sumSeconds += value;
    } else if (suffix === '_bucket') {
      const le = /le="([^"]+)"/.exec(match[2] ?? '')?.[1] ?? '+Inf';
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      byBound.set(bound, (byBound.get(bound) ?? 0) + value);
    }
  }
  reading.buckets = [...byBound.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([le, count]) => ({ le, count }));
  return reading;
}

/** Difference of two readings of the same histogram: what happened between them. */
export function histogramDelta(
  after: HistogramReading,
  before: HistogramReading,
): HistogramReading {
  return {
    count: after.count - before.count,
    sumSeconds: after.sumSeconds - before.sumSeconds,
    buckets: after.buckets.map((bucket, index) => ({
      le: bucket.le,
      count: bucket.count - (before.buckets[index]?.count ?? 0),
    })),
  };
}

/** Upper bound, in milliseconds, of the bucket that contains quantile `q`, an upper estimate. */
export function bucketQuantileMs(reading: HistogramReading, q: number): number {
  const target = q * reading.count;
  const bucket = reading.buckets.find((entry) => entry.count >= target);
  return bucket === undefined ? Number.NaN : bucket.le * 1000;
}

/** Upper bound, in milliseconds, of the highest bucket that received a value; an upper estimate of the max. */
export function bucketMaxMs(reading: HistogramReading): number {
  let previous = 0;
  let highest = Number.NaN;
  for (const bucket of reading.buckets) {
    if (bucket.count > previous) {
      highest = bucket.le * 1000;
    }
    previous = bucket.count;
  }
  return highest;
}

/** Share of the values at or below `boundMs`, which must be a bucket bound. */
export function shareWithinMs(reading: HistogramReading, boundMs: number): number {
  const bucket = reading.buckets.find((entry) => Math.abs(entry.le * 1000 - boundMs) < 1e-9);
  if (bucket === undefined) {
    throw new Error(
      `${boundMs} ms is not a bucket bound of this histogram; pick one of its bounds`,
    );
  }
  return reading.count ? bucket.count / reading.count : Number.NaN;
}

/** Mean in milliseconds. */
export function histogramMeanMs(reading: HistogramReading): number {
  return reading.count ? (reading.sumSeconds / reading.count) * 1000 : Number.NaN;
}

/** Reads the value of an unlabelled gauge such as `manage_nodejs_heap_size_used_bytes`. */
export function readGauge(text: string, name: string): number {
  const match = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** Fetches the service's /metrics page. */
export async function fetchMetrics(url: string): Promise<string> {
  const reply = await fetch(`${url}/metrics`);
  if (!reply.ok) {
    throw new Error(
      `GET ${url}/metrics failed with status ${reply.status}; check that the service is running`,
    );
  }
  return reply.text();
}
