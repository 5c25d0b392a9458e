package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ClusterSettingsProducerTest {

    @Test
    void aUrlWithoutPortMeansTheUsualOne() {
        assertEquals(URI.create("redis://cache:6379"), ClusterSettingsProducer.withDefaultPort(URI.create("redis://cache")));
        assertEquals(URI.create("rediss://u:p%40ss@cache:6379/2"),
                ClusterSettingsProducer.withDefaultPort(URI.create("rediss://u:p%40ss@cache/2")));
        assertEquals(URI.create("redis://cache:7000"), ClusterSettingsProducer.withDefaultPort(URI.create("redis://cache:7000")));
    }
}
