package io.switchboard.auth;

import io.switchboard.message.InvalidInputException;

/**
 * A refusal for want of credentials (401 {@code unauthorized}: no token, or one that does not verify) or of rights
 * (403 {@code forbidden}: a valid token without the role or channel). An {@link InvalidInputException}, so every
 * transport already answers it in its own way (JSON error, error ack, error event).
 */
public final class AccessDeniedException extends InvalidInputException {

    public static final int UNAUTHORIZED = 401;
    public static final int FORBIDDEN = 403;

    private AccessDeniedException(int status, String error, String detail) {
        super(status, error, null, detail);
    }

    public static AccessDeniedException unauthorized(String detail) {
        return new AccessDeniedException(UNAUTHORIZED, "unauthorized", detail);
    }

    public static AccessDeniedException forbidden(String detail) {
        return new AccessDeniedException(FORBIDDEN, "forbidden", detail);
    }
}
