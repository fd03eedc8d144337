package dev.muster.store;

import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of the {@code kv}, {@code kv_tombstones} and {@code kv_lock_delays} tables. */
final class KvRows {
    private KvRows() {
    }

    static void upsert(Statements st, KvEntry e) throws SQLException {
        PreparedStatement ps = st.prepare("MERGE INTO kv (kv_key, kv_value, flags, session, lock_index, create_index, "
                + "modify_index) KEY (kv_key) VALUES (?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, e.key());
        ps.setBytes(2, e.value());
        ps.setLong(3, e.flags());
        ps.setString(4, e.session());
        ps.setLong(5, e.lockIndex());
        ps.setLong(6, e.indexes().createIndex());
        ps.setLong(7, e.indexes().modifyIndex());
        ps.executeUpdate();
    }

    static void delete(Statements st, String key) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM kv WHERE kv_key = ?");
        ps.setString(1, key);
        ps.executeUpdate();
    }

    static void upsertTombstone(Statements st, KvTombstone t) throws SQLException {
        PreparedStatement ps = st.prepare("MERGE INTO kv_tombstones (kv_key, delete_index, deleted_at_ms) KEY (kv_key) "
                + "VALUES (?, ?, ?)");
        ps.setString(1, t.key());
        ps.setLong(2, t.index());
        ps.setLong(3, t.deletedAtMillis());
        ps.executeUpdate();
    }

    static void deleteTombstone(Statements st, String key) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM kv_tombstones WHERE kv_key = ?");
        ps.setString(1, key);
        ps.executeUpdate();
    }

    /** Sets a key's lock-delay; a negative {@code untilMillis} removes it. */
    static void setLockDelay(Statements st, String key, long untilMillis) throws SQLException {
        PreparedStatement ps;
        if (untilMillis < 0) {
            ps = st.prepare("DELETE FROM kv_lock_delays WHERE kv_key = ?");
            ps.setString(1, key);
        } else {
            ps = st.prepare("MERGE INTO kv_lock_delays (kv_key, until_ms) KEY (kv_key) VALUES (?, ?)");
            ps.setString(1, key);
            ps.setLong(2, untilMillis);
        }
        ps.executeUpdate();
    }

    static Map<String, Long> loadLockDelays(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kv_key, until_ms FROM kv_lock_delays");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static List<KvEntry> loadAll(Connection c) throws SQLException {
        List<KvEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kv_key, kv_value, flags, session, lock_index, "
                + "create_index, modify_index FROM kv");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new KvEntry(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                        new Indexes(rs.getLong(6), rs.getLong(7))));
            }
        }
        return out;
    }

    static List<KvTombstone> loadTombstones(Connection c) throws SQLException {
        List<KvTombstone> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kv_key, delete_index, deleted_at_ms FROM kv_tombstones");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new KvTombstone(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
