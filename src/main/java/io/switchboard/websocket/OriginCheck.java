package io.switchboard.websocket;

import io.switchboard.config.Origins;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses the upgrade (403) for a browser origin not in {@code switchboard.websocket.origins}: without it any web page
 * a user visits could open a WebSocket to the hub with the user's network position (cross-site WebSocket hijacking).
 * Requests without an {@code Origin} header (non-browser clients) pass.
 */
public class OriginCheck extends ServerEndpointConfig.Configurator {

    private volatile Origins origins;

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return originHeaderValue == null || origins().allows(originHeaderValue);
    }

    private Origins origins() {
        Origins known = origins;
        if (known == null) {
            known = Origins.parse(ConfigProvider.getConfig()
                    .getOptionalValue("switchboard.websocket.origins", String.class).orElse("*"));
            origins = known;
        }
        return known;
    }
}
