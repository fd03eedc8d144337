package dev.muster.api;

/**
 * An HTTP error with Consul's status and plain-text message; thrown before any state changes.
 * {@link HttpErrors} turns it into the response.
 */
class ApiException extends RuntimeException {
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** Consul reports validation done below its HTTP layer as 500 with the bare message. */
    static ApiException serverError(String message) {
        return new ApiException(500, message);
    }

    static ApiException decodeFailed(String detail) {
        return new ApiException(400, "Request decode failed: " + detail);
    }
}
