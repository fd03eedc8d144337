package dev.muster.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before any route sees them (a malformed percent-escape in the path, a
 * request line or header it cannot parse) in the API's own form: {@code text/plain} with the status and a
 * sentence saying what is wrong, instead of Jetty's HTML page. Everything a route answers goes through
 * {@link HttpErrors}; this is only the layer below it. Stateless, thread-safe.
 */
final class PlainTextErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, StandardCharsets.UTF_8.encode(text(code, message)), callback);
    }

    /**
     * Jetty gives a bare "Bad Request" when the request target does not parse (its URI reads {@code /badMessage}
     * then), which in practice is a malformed percent-escape; its other complaints name themselves.
     */
    static String text(int code, String message) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        if (code != HttpStatus.BAD_REQUEST_400) {
            return code + " " + reason;
        }
        if (reason.equalsIgnoreCase("Bad Request")) {
            return "Bad request: the request path is not a valid URL"
                    + " (a '%' must be followed by two hex digits; %25 is '%' itself)";
        }
        if (reason.toLowerCase(Locale.ROOT).contains("utf-8")) {
            return "Bad request: the request path is not valid UTF-8 once its percent-escapes are decoded";
        }
        return "Bad request: " + reason;
    }
}
