package dev.muster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Rows of the {@code index_entries} table. */
final class IndexRows {
    private IndexRows() {
    }

    static void set(Statements st, String name, long index) throws SQLException {
        PreparedStatement ps = st.prepare("MERGE INTO index_entries (name, idx) KEY (name) VALUES (?, ?)");
        ps.setString(1, name);
        ps.setLong(2, index);
        ps.executeUpdate();
    }

    static void delete(Statements st, String name) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM index_entries WHERE name = ?");
        ps.setString(1, name);
        ps.executeUpdate();
    }

    static Map<String, Long> loadAll(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, idx FROM index_entries");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }
}
