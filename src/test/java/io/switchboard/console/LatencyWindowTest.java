package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    @Test
    void theFirstSnapshotIsItsOwnBaseline() {
        LatencyWindow window = new LatencyWindow(5000);
        assertArrayEquals(new long[] {0, 0, 0}, window.add(0, new long[] {3, 5, 9}));
    }

    @Test
    void aYoungWindowCountsEverythingSinceTheFirstSnapshot() {
        LatencyWindow window = new LatencyWindow(5000);
        window.add(0, new long[] {0, 0, 0});
        window.add(1000, new long[] {2, 2, 3});
        assertArrayEquals(new long[] {5, 6, 8}, window.add(2000, new long[] {5, 6, 8}));
    }

    @Test
    void latenciesOlderThanTheWindowLeaveIt() {
        LatencyWindow window = new LatencyWindow(3000);
        // 10 fast ones in the first second, then 4 slow ones at 4 s, then nothing.
        window.add(0, new long[] {0, 0});
        window.add(1000, new long[] {10, 10});
        window.add(2000, new long[] {10, 10});
        window.add(3000, new long[] {10, 10});
        assertArrayEquals(new long[] {0, 4}, window.add(4000, new long[] {10, 14}), "the window (1 s, 4 s]");
        assertArrayEquals(new long[] {0, 4}, window.add(5000, new long[] {10, 14}));
        assertArrayEquals(new long[] {0, 4}, window.add(6000, new long[] {10, 14}));
        assertArrayEquals(new long[] {0, 0}, window.add(7000, new long[] {10, 14}), "the slow ones are 3 s old");
    }

    @Test
    void keepsOnlyTheSnapshotsTheWindowNeeds() {
        LatencyWindow window = new LatencyWindow(10_000);
        for (int second = 0; second < 100; second++) {
            window.add(second * 1000L, new long[] {second});
        }
        // The baseline at 89 s and the ten after it.
        assertEquals(11, window.size());
    }

    @Test
    void lateTicksKeepTheNewestBaselineAtOrBeforeTheWindowsStart() {
        LatencyWindow window = new LatencyWindow(2000);
        window.add(0, new long[] {1});
        window.add(1500, new long[] {4});
        // The window starts at 1700: the baseline is the snapshot at 1500, the latest not after it.
        assertArrayEquals(new long[] {6}, window.add(3700, new long[] {10}));
    }

    @Test
    void theWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0));
    }
}
