package io.switchboard.upgrade;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container's side of a Socket.IO WebSocket on the app server's port, once it has upgraded the connection: hands
 * the connection to the client's {@link BridgedWebSocket}. Public with a no-argument constructor: the container makes
 * it ({@code HttpServletRequest.upgrade}).
 */
public class UpgradedConnection implements HttpUpgradeHandler {

    private static final Logger LOG = Logger.getLogger(UpgradedConnection.class.getName());

    private volatile BridgedWebSocket socket;

    /** Called by the servlet between {@code upgrade} and the end of its request, before {@link #init}. */
    public void bridge(BridgedWebSocket socket) {
        this.socket = socket;
    }

    @Override
    public void init(WebConnection connection) {
        BridgedWebSocket bridged = socket;
        try {
            if (bridged == null) {
                connection.close();
                return;
            }
            bridged.attach(connection);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Socket.IO upgrade on the app server's port not taken up", e);
            if (bridged != null) {
                bridged.containerClosed();
            }
        }
    }

    @Override
    public void destroy() {
        BridgedWebSocket bridged = socket;
        if (bridged != null) {
            bridged.containerClosed();
        }
    }
}
