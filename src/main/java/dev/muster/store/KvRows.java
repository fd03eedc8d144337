package dev.muster.store;

import dev.muster.model.Indexes;
import dev.muster.model.KvEntry;
import dev.muster.model.KvTombstone;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rows of the {@code kv} and {@code kv_tombstones} tables. */
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
