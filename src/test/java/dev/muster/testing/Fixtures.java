package dev.muster.testing;

/** Request bodies used across API tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The seed's catalog registration (its blog used LAN addresses; ours are loopback). */
    public static String seedTomcat(int port) {
        return """
                {"Datacenter": "dc1", "Node": "tomcat", "Address": "127.0.0.1",
                 "Service": {"Id": "127.0.0.1:%d", "Service": "tomcat", "tags": ["dev"], "Port": %d}}
                """.formatted(port, port);
    }

    /** A node with one service and one service check. */
    public static String nodeWithService(String node, String address, String service, String id, String status) {
        return """
                {"Node": "%s", "Address": "%s",
                 "Service": {"ID": "%s", "Service": "%s", "Tags": ["primary"], "Port": 8000},
                 "Check": {"CheckID": "check-%s", "Name": "%s check", "ServiceID": "%s", "Status": "%s"}}
                """.formatted(node, address, id, service, id, service, id, status);
    }
}
