// Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine.
import { performance } from "node:perf_hooks";
export const now = () => performance.timeOrigin + performance.now();
