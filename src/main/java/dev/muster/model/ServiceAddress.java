package dev.muster.model;

/** An address and port pair, as in a service's {@code TaggedAddresses}. */
public record ServiceAddress(String address, int port) {
}
