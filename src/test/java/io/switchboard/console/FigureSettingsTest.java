package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FigureSettingsTest {

    @Test
    void theDefaultsGiveFiveMinutesOfSecondsAndStaleAfterFive() {
        FigureSettings settings = new FigureSettings(1000, 300);
        assertEquals(300, settings.recentFrames());
        assertEquals(5000, settings.staleMillis());
    }

    @Test
    void theReplayIsBoundedAndStalenessFollowsLongIntervals() {
        FigureSettings settings = new FigureSettings(200, 3600);
        assertEquals(600, settings.recentFrames());
        assertEquals(5000, settings.staleMillis());
        assertEquals(50_000, new FigureSettings(10_000, 600).staleMillis());
    }

    @Test
    void valuesOutOfRangeAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FigureSettings(10, 300)).getMessage()
                .contains(FigureSettings.INTERVAL));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FigureSettings(5000, 2)).getMessage()
                .contains(FigureSettings.WINDOW));
        assertThrows(IllegalArgumentException.class, () -> new FigureSettings(1000, 7200));
    }
}
