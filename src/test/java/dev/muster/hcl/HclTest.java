package dev.muster.hcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HCL v1 subset: consul-template config files and Consul's ACL rule syntax. */
class HclTest {
    @Test
    void consulTemplateConfig_parsesIntoMaps() {
        String text = """
                # consul-template config
                consul {
                  address = "127.0.0.1:8500"
                  retry { enabled = true attempts = 12 }
                }
                log_level = "warn"
                wait { min = "2s" max = "10s" }
                template {
                  source      = "/etc/ct/nginx.ctmpl"   // trailing comment
                  destination = "/etc/nginx/conf.d/app.conf"
                  command     = ["nginx", "-s", "reload"]
                  perms       = 0644
                  backup      = true
                }
                /* a second template */
                template {
                  contents = <<-EOF
                    upstream x {
                      server 1.2.3.4:80;
                    }
                    EOF
                  destination = "/tmp/x.conf"
                }
                """;
        Map<String, Object> m = Hcl.parse(text, "config.hcl").toMap();
        assertEquals("warn", m.get("log_level"));
        assertEquals(Map.of("min", "2s", "max", "10s"), m.get("wait"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> templates = (List<Map<String, Object>>) m.get("template");
        assertEquals(2, templates.size());
        assertEquals(List.of("nginx", "-s", "reload"), templates.get(0).get("command"));
        assertEquals(644L, templates.get(0).get("perms"));
        assertEquals(true, templates.get(0).get("backup"));
        assertEquals("upstream x {\n  server 1.2.3.4:80;\n}\n", templates.get(1).get("contents"));
        @SuppressWarnings("unchecked")
        Map<String, Object> consul = (Map<String, Object>) m.get("consul");
        assertEquals(Map.of("enabled", true, "attempts", 12L), consul.get("retry"));
    }

    @Test
    void aclRules_labelledBlocksNestAndMerge() {
        Map<String, Object> m = Hcl.parse("""
                acl = "read"
                key_prefix "" { policy = "read" }
                key_prefix "foo/" { policy = "write" }
                service "web" { policy = "write" intentions = "read" }
                """, "rules").toMap();
        assertEquals("read", m.get("acl"));
        assertEquals(Map.of("", Map.of("policy", "read"), "foo/", Map.of("policy", "write")), m.get("key_prefix"));
        assertEquals(Map.of("web", Map.of("policy", "write", "intentions", "read")), m.get("service"));
    }

    @Test
    void errors_nameFileLineAndColumn() {
        HclException e = assertThrows(HclException.class, () -> Hcl.parse("a = \"x\"\nb = \n", "c.hcl"));
        assertTrue(e.getMessage().startsWith("c.hcl:3:"), e.getMessage());
        assertTrue(assertThrows(HclException.class, () -> Hcl.parse("t {\n x = 1\n", "c.hcl")).getMessage()
                .contains("unclosed block"));
        assertTrue(assertThrows(HclException.class, () -> Hcl.parse("x = \"abc\n", "c.hcl")).getMessage()
                .contains("unterminated string"));
        assertTrue(assertThrows(HclException.class, () -> Hcl.parse("x = <<EOF\nabc\n", "c.hcl")).getMessage()
                .contains("unterminated heredoc"));
        assertTrue(assertThrows(HclException.class, () -> Hcl.parse("x = nope", "c.hcl")).getMessage()
                .contains("unexpected nope"));
    }
}
