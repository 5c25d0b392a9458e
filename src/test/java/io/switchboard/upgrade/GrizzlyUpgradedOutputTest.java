package io.switchboard.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Which way an upgraded connection's bytes go: Grizzly's writer only for Payara's own connections (the Payara ITs and
 * {@code SocketIoHttpsIT} cover that branch, and HTTPS falling back); any other container's connection, here one of
 * our own, takes the servlet stream, and the counts in {@code /api/health} say which.
 */
class GrizzlyUpgradedOutputTest {

    @Test
    void anotherContainersConnectionTakesTheServletStream() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        WebConnection other = new WebConnection() {
            @Override
            public ServletInputStream getInputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }

                    @Override
                    public void write(int b) {
                        sent.write(b);
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        assertTrue(GrizzlyUpgradedOutput.open(other, () -> { }, error -> { }).isEmpty());

        UpgradedOutput output = new ServletUpgradedOutput(other.getOutputStream(), () -> { }, error -> { });
        UpgradedOutputCounts counts = new UpgradedOutputCounts();
        counts.opened(output);
        assertEquals(1, counts.servlet());
        assertEquals(0, counts.grizzly());
        output.write(new byte[] {(byte) 0x81, 1, '4'});
        assertEquals(3, sent.size());
        counts.closed(output);
        assertEquals(0, counts.servlet());
    }
}
