package dev.muster.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualHostFormTest {
    private static Map<String, String> valid() {
        Map<String, String> form = new HashMap<>();
        form.put("name", "shop");
        form.put("serverNames", "shop.example.com, *.shop.example.com");
        form.put("listen", "127.0.0.1:8080");
        form.put("path", "/store/");
        form.put("healthPath", "/healthz");
        form.put("backends", "10.0.0.5:8080\n\n[fd00::1]:9000 3\n");
        return form;
    }

    @Test
    void validForm_givesTheWholeVirtualHost() {
        VirtualHostForm.Parsed<VirtualHost> p = VirtualHostForm.create(valid(), name -> false);
        assertTrue(p.ok(), p.errors().asMap().toString());
        VirtualHost v = p.value();
        assertEquals(List.of("shop.example.com", "*.shop.example.com"), v.serverNames());
        assertEquals("127.0.0.1:8080", v.listen());
        assertEquals("/store/", v.path());
        assertEquals("/healthz", v.healthPath());
        assertEquals(2, v.backends().size());
        assertEquals("shop@10.0.0.5:8080", v.backends().get(0).id());
        assertEquals(1, v.backends().get(0).weight());
        assertEquals("fd00::1", v.backends().get(1).address());
        assertEquals("[fd00::1]:9000", v.backends().get(1).hostPort());
        assertEquals(3, v.backends().get(1).weight());
    }

    @Test
    void defaults_listen80_pathSlash_tcpCheck() {
        Map<String, String> form = valid();
        form.put("listen", "");
        form.put("path", "");
        form.put("healthPath", "");
        VirtualHost v = VirtualHostForm.create(form, name -> false).value();
        assertEquals("80", v.listen());
        assertEquals("/", v.path());
        assertEquals("", v.healthPath());
    }

    @Test
    void everyBadField_getsItsOwnMessage_andNoValue() {
        Map<String, String> form = Map.of("name", "a;b", "serverNames", "ok.example.com bad_name!", "listen", "0",
                "path", "relative", "healthPath", "/a b", "backends", "10.0.0.1:8080 0");
        VirtualHostForm.Parsed<VirtualHost> p = VirtualHostForm.create(form, name -> false);
        assertFalse(p.ok());
        assertNull(p.value());
        Map<String, String> e = p.errors().asMap();
        assertEquals("Invalid service name \"a;b\": must not contain whitespace, control characters or any of ;{}'\"#$\\",
                e.get("name"), "the API's message");
        assertEquals("Invalid server name \"bad_name!\": use host names such as example.com, *.example.com or _",
                e.get("serverNames"));
        assertTrue(e.get("listen").startsWith("Invalid listen \"0\""), e.get("listen"));
        assertEquals("Invalid location path \"relative\": must start with /", e.get("path"));
        assertTrue(e.get("healthPath").startsWith("Invalid health check path \"/a b\": must not contain whitespace"));
        assertEquals("Invalid Weights: Passing must be greater than 0", e.get("backends"), "the API's message");
    }

    @Test
    void backends_apiRulesForAddressAndPort_andDuplicates() {
        Map<String, String> form = valid();
        form.put("backends", "10.0.0.1:70000");
        assertEquals("Invalid service port 70000: must be 0-65535",
                VirtualHostForm.create(form, n -> false).errors().asMap().get("backends"));
        form.put("backends", "evil;host:80");
        assertTrue(VirtualHostForm.create(form, n -> false).errors().asMap().get("backends")
                .startsWith("Invalid service address \"evil;host\""));
        form.put("backends", "10.0.0.1:80\n10.0.0.1:80 2");
        assertEquals("Backend 10.0.0.1:80 is listed twice",
                VirtualHostForm.create(form, n -> false).errors().asMap().get("backends"));
        form.put("backends", "  \n");
        assertEquals("Add at least one backend (address:port, one per line)",
                VirtualHostForm.create(form, n -> false).errors().asMap().get("backends"));
    }

    @Test
    void takenName_isRefused() {
        assertEquals("A service named \"shop\" is already registered; pick another name",
                VirtualHostForm.create(valid(), "shop"::equals).errors().asMap().get("name"));
    }

    @Test
    void addBackend_checksWeightAndMembership() {
        VirtualHost shop = VirtualHostForm.create(valid(), n -> false).value();
        VirtualHostForm.Parsed<VirtualHost> dup = VirtualHostForm.addBackend(shop, Map.of("backend", "10.0.0.5:8080",
                "weight", "1"));
        assertEquals("Backend 10.0.0.5:8080 is already part of shop", dup.errors().asMap().get("backend"));
        VirtualHostForm.Parsed<VirtualHost> badWeight = VirtualHostForm.addBackend(shop, Map.of("backend",
                "10.0.0.9:8080", "weight", "x"));
        assertEquals("Invalid weight \"x\": must be a whole number", badWeight.errors().asMap().get("weight"));
        VirtualHostForm.Parsed<VirtualHost> ok = VirtualHostForm.addBackend(shop, Map.of("backend", "10.0.0.9:8080",
                "weight", "4"));
        assertTrue(ok.ok());
        assertEquals(List.of("shop@10.0.0.9:8080"), ok.value().backends().stream().map(VirtualHost.Backend::id).toList());
        assertEquals(shop.serverNames(), ok.value().serverNames(), "settings are the virtual host's");
    }

    @Test
    void edit_keepsNameAndBackends_appliesTheCreateRules() {
        VirtualHost v = VirtualHostForm.create(valid(), name -> false).value();
        Map<String, String> edit = new HashMap<>(VirtualHostForm.editFields(v));
        assertEquals("shop.example.com *.shop.example.com", edit.get("serverNames"));
        edit.put("serverNames", "api.example.com");
        edit.put("healthPath", "");
        VirtualHostForm.Parsed<VirtualHost> p = VirtualHostForm.edit(v, edit);
        assertTrue(p.ok(), p.errors().asMap().toString());
        assertEquals(List.of("api.example.com"), p.value().serverNames());
        assertEquals("", p.value().healthPath(), "empty: back to TCP checks");
        assertEquals("shop", p.value().name());
        assertEquals(v.backends(), p.value().backends());

        edit.put("serverNames", "a{b");
        edit.put("listen", "0");
        edit.put("path", "store");
        edit.put("healthPath", "/x y");
        VirtualHostForm.Parsed<VirtualHost> bad = VirtualHostForm.edit(v, edit);
        assertFalse(bad.ok());
        assertNull(bad.value());
        assertEquals(java.util.Set.of("serverNames", "listen", "path", "healthPath"), bad.errors().asMap().keySet());
    }
}
