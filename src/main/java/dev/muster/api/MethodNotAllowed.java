package dev.muster.api;

/** 405 with Consul's {@code Allow: OPTIONS,<methods>} header. */
final class MethodNotAllowed extends ApiException {
    private final String allow;

    MethodNotAllowed(String method, String allow) {
        super(405, "method " + method + " not allowed");
        this.allow = allow;
    }

    String allow() {
        return allow;
    }
}
