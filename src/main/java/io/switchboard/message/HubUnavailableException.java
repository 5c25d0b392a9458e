package io.switchboard.message;

/**
 * The hub cannot take the input now (the cluster outbox is full while Redis is away). A subclass of
 * {@link InvalidInputException} on purpose: every transport already turns that into its own error (HTTP status and
 * JSON body, error ack, error frame), so a refusal is never a silent drop on any of them.
 */
public class HubUnavailableException extends InvalidInputException {

    public static final int SERVICE_UNAVAILABLE = 503;

    public HubUnavailableException(String detail) {
        super(SERVICE_UNAVAILABLE, "unavailable", null, detail);
    }
}
