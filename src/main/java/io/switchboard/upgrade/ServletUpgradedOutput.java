package io.switchboard.upgrade;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.function.Consumer;

/** The portable way out: the upgraded connection's servlet stream in non-blocking mode (Payara over HTTPS, WildFly). */
public final class ServletUpgradedOutput implements UpgradedOutput {

    private final ServletOutputStream out;

    ServletUpgradedOutput(ServletOutputStream out, Runnable writable, Consumer<Throwable> failed) {
        this.out = out;
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                writable.run();
            }

            @Override
            public void onError(Throwable error) {
                failed.accept(error);
            }
        });
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        // Non-blocking mode forbids a flush while isReady() says no; what the container holds then goes out by itself
        // as the connection drains.
        if (out.isReady()) {
            out.flush();
        }
    }
}
