package dev.muster.model;

/** Raft-style create/modify indexes of a stored record (Consul's {@code RaftIndex}). */
public record Indexes(long createIndex, long modifyIndex) {
    /** Placeholder for records that are not stored yet. */
    public static final Indexes NONE = new Indexes(0, 0);

    /** Indexes for a record written at {@code index}, keeping the create index of {@code previous}. */
    public static Indexes at(long index, Indexes previous) {
        return new Indexes(previous == null ? index : previous.createIndex(), index);
    }
}
