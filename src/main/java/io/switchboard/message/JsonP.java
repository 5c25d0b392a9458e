package io.switchboard.message;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.InputStream;
import java.io.Reader;
import java.util.Collection;

/**
 * {@link jakarta.json.Json}'s factory methods on one JSON-P provider, looked up once. {@code Json.createObjectBuilder()}
 * and the others look the provider up on every call ({@code JsonProvider.provider()}, a {@code ServiceLoader} search
 * through the context class loader, which in an application server searches every jar of the server): per event,
 * per WebSocket welcome, per REST body, that showed in fan-out profiles.
 */
public final class JsonP {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonP() {
    }

    public static JsonObjectBuilder createObjectBuilder() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
        return PROVIDER.createObjectBuilder(object);
    }

    public static JsonArrayBuilder createArrayBuilder() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder createArrayBuilder(Collection<?> collection) {
        return PROVIDER.createArrayBuilder(collection);
    }

    public static JsonReader createReader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonReader createReader(InputStream in) {
        return PROVIDER.createReader(in);
    }
}
