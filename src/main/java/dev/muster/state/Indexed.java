package dev.muster.state;

/** A read result with the index that describes it (what {@code X-Consul-Index} reports). */
public record Indexed<T>(T value, long index) {
}
