package dev.muster.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.model.InputRules;
import dev.muster.model.ServiceAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Request values shared by the catalog and agent bodies: Muster's input rules as 400s, and a service's
 * {@code TaggedAddresses}. Stateless.
 */
final class RequestValues {
    private RequestValues() {
    }

    /** A name, ID or address (no whitespace, control characters or config-breaking characters). */
    static void requireWord(String what, String value) {
        throwIfPresent(InputRules.checkWord(what, value));
    }

    static void requireServiceName(String value) {
        throwIfPresent(InputRules.checkServiceName(value));
    }

    /** Free text: only control characters are refused. */
    static void requireText(String what, String value) {
        throwIfPresent(InputRules.checkText(what, value));
    }

    private static void throwIfPresent(Optional<String> reason) {
        reason.ifPresent(r -> {
            throw ApiException.badRequest(r);
        });
    }

    /** {@code TaggedAddresses} of a service: name → {Address, Port}, addresses held to the word rule. */
    static Map<String, ServiceAddress> serviceTaggedAddresses(JsonBody s) {
        JsonNode raw = s.raw("TaggedAddresses", "tagged_addresses");
        Map<String, ServiceAddress> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (!raw.isObject()) {
            throw s.mismatch(raw, "TaggedAddresses", "map[string]structs.ServiceAddress");
        }
        for (Map.Entry<String, JsonNode> f : raw.properties()) {
            JsonBody a = new JsonBody(f.getValue(), "ServiceAddress");
            requireText("tagged address name", f.getKey());
            String address = a.text("Address");
            if (!address.isEmpty()) {
                requireWord("tagged address", address);
            }
            out.put(f.getKey(), new ServiceAddress(address, a.integer("Port")));
        }
        return out;
    }
}
