package dev.muster.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.testing.InMemoryRegistry;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets Consul's status and plain-text message and changes nothing; routing errors (404, 405,
 * OPTIONS) follow Consul's route table.
 */
class ErrorsApiIT {
    @RegisterExtension
    final InMemoryRegistry registry = new InMemoryRegistry();

    private String catalogSnapshot() {
        return registry.request().get("/v1/catalog/nodes").header("X-Consul-Index") + "|"
                + registry.request().get("/v1/catalog/services").asString() + "|"
                + registry.request().get("/v1/health/state/any").asString();
    }

    private void assertRejected(String body, int status, String message) {
        String before = catalogSnapshot();
        Response r = registry.request().body(body).put("/v1/catalog/register");
        r.then().statusCode(status).contentType(startsWith("text/plain")).body(equalTo(message));
        assertEquals(before, catalogSnapshot(), "a rejected write must change nothing");
    }

    @Test
    void register_consulValidationErrors_are500WithConsulText() {
        assertRejected("{\"Address\":\"127.0.0.1\"}", 500, "Must provide node");
        assertRejected("{\"Node\":\"foo\"}", 500, "Must provide address if SkipNodeUpdate is not set");
        assertRejected("{\"Node\":\"foo\",\"ID\":\"nope\",\"Address\":\"127.0.0.1\"}", 500,
                "Bad node ID: uuid string is wrong length");
        assertRejected("{\"Node\":\"foo\",\"PeerName\":\"foo\",\"Address\":\"127.0.0.1\"}", 500,
                "cannot register requests with PeerName in them");
        assertRejected("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"x\"}}", 500,
                "Must provide service name (Service.Service) when service ID is provided");
        assertRejected("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Datacenter\":\"dc2\"}", 500, "No path to datacenter");
        assertRejected("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Check\":{\"Node\":\"bar\",\"Name\":\"c\"}}", 500,
                "Node 'bar' for check 'c' doesn't match register request node 'foo'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]"})
    void register_unspecifiedServiceAddress_isInvalid(String address) {
        assertRejected("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"Address\":\"" + address
                + "\"}}", 500, "Invalid service address");
    }

    @Test
    void register_checkForMissingService_rejectsWholeRequest() {
        assertRejected("{\"Node\":\"atomic\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"ok\"},"
                + "\"Checks\":[{\"Name\":\"c1\",\"ServiceID\":\"ok\"},{\"Name\":\"c2\",\"ServiceID\":\"missing\"}]}",
                500, "Missing service registration");
        registry.request().get("/v1/catalog/node/atomic").then().body(equalTo("null"));
    }

    @Test
    void register_badJson_isDecodeError() {
        assertRejected("{\"Node\":", 400, registry.request().body("{\"Node\":").put("/v1/catalog/register").asString());
        registry.request().body("{\"Node\":").put("/v1/catalog/register").then().body(startsWith("Request decode failed: "));
        assertRejected("", 400, "Request decode failed: EOF");
        assertRejected("{\"Node\":5,\"Address\":\"127.0.0.1\"}", 400,
                "Request decode failed: json: cannot unmarshal number into Go struct field RegisterRequest.Node of type string");
        assertRejected("[1]", 400, "Request decode failed: json: cannot unmarshal array into Go value of type RegisterRequest");
        assertRejected("{\"Node\":\"foo\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"c\",\"Definition\":{\"Interval\":\"60\"}}}",
                400, "Request decode failed: time: invalid duration \"60\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"Node\":\"a b\",\"Address\":\"127.0.0.1\"}|node name",
        "{\"Node\":\"a;b\",\"Address\":\"127.0.0.1\"}|node name",
        "{\"Node\":\"a\\nb\",\"Address\":\"127.0.0.1\"}|node name",
        "{\"Node\":\"n\",\"Address\":\"127.0.0.1;\"}|address",
        "{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"x; } server { listen 80\"}}|service name",
        "{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"ID\":\"a{b\"}}|service ID",
        "{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"Address\":\"$host\"}}|service address",
        "{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"Tags\":[\"a\\rb\"]}}|tag",
        "{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Check\":{\"Name\":\"bad\\u0000name\"}}|check name",
    })
    void register_configBreakingValues_refusedWith400(String body, String what) {
        String before = catalogSnapshot();
        registry.request().body(body).put("/v1/catalog/register").then().statusCode(400)
                .body(startsWith("Invalid " + what + " "));
        assertEquals(before, catalogSnapshot());
    }

    @Test
    void register_metaRules_enforced() {
        registry.request().body("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"NodeMeta\":{\"k\":\"a\\nb\"}}")
                .put("/v1/catalog/register").then().statusCode(400)
                .body(equalTo("Invalid node meta value \"a\\u000ab\": must not contain control characters"));
        registry.request().body("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"Meta\":{\"consul-x\":\"v\"}}}")
                .put("/v1/catalog/register").then().statusCode(500)
                .body(equalTo("Invalid Service Meta for node n and serviceID s: Couldn't load metadata pair ('consul-x', 'v'): "
                        + "Key prefix 'consul-' is reserved for internal use"));
        registry.request().body("{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"Service\":{\"Service\":\"s\",\"Meta\":{\"k\":\"a\\nb\"}}}")
                .put("/v1/catalog/register").then().statusCode(500);
    }

    @Test
    void register_oversizedBody_is413() {
        String before = catalogSnapshot();
        String big = "{\"Node\":\"n\",\"Address\":\"127.0.0.1\",\"NodeMeta\":{\"k\":\"" + "x".repeat(600_000) + "\"}}";
        registry.request().body(big).put("/v1/catalog/register").then().statusCode(413)
                .body(startsWith("Request body(" + big.length() + " bytes) too large, max size: 524288 bytes."));
        assertEquals(before, catalogSnapshot());
    }

    @Test
    void deregister_missingNode_is500() {
        registry.request().body("{\"ServiceID\":\"x\"}").put("/v1/catalog/deregister").then().statusCode(500)
                .body(equalTo("Must provide node"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/catalog/nodes?index=foo|400|Invalid index",
        "/v1/catalog/nodes?index=1&wait=60|400|Invalid wait time",
        "/v1/catalog/nodes?wait=60foo|400|Invalid wait time",
        "/v1/catalog/nodes?stale&consistent|400|Cannot specify ?stale with ?consistent, conflicting semantics.",
        "/v1/catalog/nodes?dc=nope|500|No path to datacenter",
        "/v1/catalog/nodes?ns=foo|400|Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature",
        "/v1/catalog/service/|400|Missing service name",
        "/v1/catalog/node/|400|Missing node name",
        "/v1/health/service/|400|Missing service name",
        "/v1/health/state/|400|Missing check state",
        "/v1/catalog/nodes?filter=Foo%20==%20bar|500|Failed to create boolean expression evaluator: Selector \"Foo\" is not valid",
    })
    void read_badParameters_consulStatusAndText(String path, int status, String message) {
        registry.request().urlEncodingEnabled(false).get(path).then().statusCode(status).body(equalTo(message));
    }

    @Test
    void filter_parseError_is500WithPosition() {
        registry.request().queryParam("filter", "Node = foo").get("/v1/catalog/nodes").then().statusCode(500)
                .body(startsWith("Failed to create boolean expression evaluator: 1:6 (5): no match found"));
    }

    @Test
    void routing_405WithAllow_optionsAnd404Texts() {
        registry.request().head("/v1/catalog/nodes").then().statusCode(405).header("Allow", "OPTIONS,GET");
        registry.request().post("/v1/catalog/register").then().statusCode(405).header("Allow", "OPTIONS,PUT")
                .body(equalTo("method POST not allowed"));
        registry.request().delete("/v1/health/service/x").then().statusCode(405).body(equalTo("method DELETE not allowed"));
        registry.request().options("/v1/status/leader").then().statusCode(200).header("Allow", "OPTIONS,GET");
        registry.request().get("/v1/nope").then().statusCode(404)
                .body(equalTo("Invalid URL path: not a recognized HTTP API endpoint\n"));
        registry.request().get("/nope").then().statusCode(404)
                .body(equalTo("Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n"));
        registry.request().urlEncodingEnabled(false).get("/v1/catalog/service/a%0Ab").then().statusCode(400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/v1/catalog/service/%|Bad request: the request path is not a valid URL (a '%' must be followed by two hex digits; %25 is '%' itself)",
        "/v1/catalog/service/%zz|Bad request: the request path is not a valid URL (a '%' must be followed by two hex digits; %25 is '%' itself)",
        "/ui/services/%|Bad request: the request path is not a valid URL (a '%' must be followed by two hex digits; %25 is '%' itself)",
        "/v1/catalog/service/%e9|Bad request: the request path is not valid UTF-8 once its percent-escapes are decoded"})
    void malformedPercentEscape_isPlainText400_likeEveryOtherError(String path, String message) throws Exception {
        String before = catalogSnapshot();
        // A raw request: HTTP client libraries refuse to send such a path at all.
        String response;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", registry.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertTrue(head.startsWith("http/1.1 400 "), response);
        assertTrue(head.contains("\r\ncontent-type: text/plain"), response);
        assertEquals(message, response.substring(response.indexOf("\r\n\r\n") + 4));
        assertEquals(before, catalogSnapshot());
    }
}
