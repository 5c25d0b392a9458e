// Latency histogram in 0.1 ms buckets up to 60 s, mergeable across processes.
const RES = 10; // buckets per ms
const MAX = 60000 * RES;
export class Histogram {
  constructor() { this.counts = new Map(); this.n = 0; this.max = 0; }
  add(ms) {
    const b = Math.min(MAX, Math.max(0, Math.round(ms * RES)));
    this.counts.set(b, (this.counts.get(b) || 0) + 1);
    this.n++;
    if (ms > this.max) this.max = ms;
  }
  toJSON() { return { counts: [...this.counts], n: this.n, max: this.max }; }
  merge(json) {
    for (const [b, c] of json.counts) this.counts.set(b, (this.counts.get(b) || 0) + c);
    this.n += json.n;
    if (json.max > this.max) this.max = json.max;
  }
  percentile(p) {
    if (this.n === 0) return NaN;
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    const target = Math.ceil(this.n * p);
    let seen = 0;
    for (const k of keys) { seen += this.counts.get(k); if (seen >= target) return k / RES; }
    return keys[keys.length - 1] / RES;
  }
}
