package dev.muster.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one ObjectMapper of the API. Responses are plain Java trees built by {@link Wire} (so field
 * names and order are Consul's by construction); {@code ?pretty} indents like Go's
 * {@code json.MarshalIndent(v, "", "    ")} with a trailing newline. Thread-safe.
 */
final class Json {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectWriter compact = mapper.writer();
    private final ObjectWriter pretty = mapper.writer(new GoPrettyPrinter());

    byte[] encode(Object tree, boolean indent) {
        try {
            if (!indent) {
                return compact.writeValueAsBytes(tree);
            }
            return (pretty.writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
    }

    /** Parses a request body; malformed JSON is Consul's 400 {@code Request decode failed: ...}. */
    JsonNode parse(byte[] body) {
        return parse(body, "Request decode failed: ");
    }

    /** Parses a request body; malformed JSON is a 400 of {@code errorPrefix} and the parser's first line. */
    JsonNode parse(byte[] body, String errorPrefix) {
        if (body.length == 0) {
            throw ApiException.badRequest(errorPrefix + "EOF");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest(errorPrefix + "EOF");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest(errorPrefix + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "invalid JSON" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Go's indentation: four spaces, {@code "key": value}, and {@code []} / {@code {}} for empty values. */
    private static final class GoPrettyPrinter extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        GoPrettyPrinter() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withRootSeparator(""));
            DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        GoPrettyPrinter(GoPrettyPrinter base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GoPrettyPrinter(this);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (!_objectIndenter.isInline()) {
                --_nesting;
            }
            if (nrOfEntries > 0) {
                _objectIndenter.writeIndentation(g, _nesting);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (!_arrayIndenter.isInline()) {
                --_nesting;
            }
            if (nrOfValues > 0) {
                _arrayIndenter.writeIndentation(g, _nesting);
            }
            g.writeRaw(']');
        }
    }
}
