package io.switchboard.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Drives the handler with a real signal raised in this JVM. SIGHUP stands in for SIGTERM (raising SIGTERM would end
 * the test run); a recording handler stands in for the JVM's own, which would start the exit.
 */
class StopSignalsTest {

    private static final Signal HUP = new Signal("HUP");

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch passedOn = new CountDownLatch(1);
    private final SignalHandler jvmStandIn = sig -> {
        calls.add("previous handler");
        passedOn.countDown();
    };
    private SignalHandler original;

    @BeforeEach
    void standInForTheJvmsHandler() {
        original = Signal.handle(HUP, jvmStandIn);
    }

    @AfterEach
    void restore() {
        Signal.handle(HUP, original);
    }

    @Test
    void theGoodbyeRunsBeforeTheSignalIsPassedOn() throws InterruptedException {
        StopSignals signals = StopSignals.install(List.of("HUP"), () -> calls.add("goodbye"));
        assertTrue(signals.active());

        Signal.raise(HUP);

        assertTrue(passedOn.await(10, TimeUnit.SECONDS), "the previous handler was not called");
        assertEquals(List.of("goodbye", "previous handler"), calls);
        signals.uninstall();
    }

    @Test
    void aFailingGoodbyeStillPassesTheSignalOn() throws InterruptedException {
        StopSignals signals = StopSignals.install(List.of("HUP"), () -> {
            throw new IllegalStateException("transport broke");
        });

        Signal.raise(HUP);

        assertTrue(passedOn.await(10, TimeUnit.SECONDS), "the previous handler was not called");
        signals.uninstall();
    }

    @Test
    void uninstallPutsThePreviousHandlerBack() {
        StopSignals signals = StopSignals.install(List.of("HUP"), () -> calls.add("goodbye"));
        signals.uninstall();

        assertSame(jvmStandIn, Signal.handle(HUP, jvmStandIn));
    }

    @Test
    void uninstallLeavesAHandlerInstalledAfterItsOwnAlone() {
        StopSignals signals = StopSignals.install(List.of("HUP"), () -> calls.add("goodbye"));
        SignalHandler later = sig -> { };
        Signal.handle(HUP, later);

        signals.uninstall();

        assertSame(later, Signal.handle(HUP, jvmStandIn));
    }

    @Test
    void aSignalTheJvmCannotHandleIsSkipped() {
        // SIGKILL cannot be caught: nothing is installed and nothing throws.
        StopSignals signals = StopSignals.install(List.of("KILL"), () -> calls.add("goodbye"));

        assertFalse(signals.active());
        signals.uninstall();
    }
}
