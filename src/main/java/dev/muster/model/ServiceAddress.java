package dev.muster.model;

/** An address and port pair, as in a service's {@code TaggedAddresses}. */
public record ServiceAddress(String address, int port) {
    /**
     * What nginx's {@code server} and {@code proxy_pass} want: IPv6 addresses in brackets, and no port when
     * none was registered (nginx then uses 80) instead of an invalid {@code :0}.
     */
    public String hostPort() {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return port > 0 ? host + ":" + port : host;
    }
}
