package io.switchboard.message;

/**
 * Input a client sent that the hub refuses. Every transport turns it into its own kind of error
 * (HTTP status + JSON body, a Socket.IO error ack, a WebSocket error frame).
 */
public class InvalidInputException extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int PAYLOAD_TOO_LARGE = 413;

    private final int status;
    private final String error;
    private final String field;

    public InvalidInputException(int status, String error, String field, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public static InvalidInputException missing(String field) {
        return new InvalidInputException(BAD_REQUEST, "missing_field", field, "'" + field + "' is required");
    }

    public static InvalidInputException invalid(String field, String detail) {
        return new InvalidInputException(BAD_REQUEST, "invalid_field", field, detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The field at fault, or {@code null} when the input as a whole is. */
    public String field() {
        return field;
    }

    public String detail() {
        return getMessage();
    }
}
