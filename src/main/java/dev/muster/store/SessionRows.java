package dev.muster.store;

import dev.muster.model.Indexes;
import dev.muster.model.Session;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rows of the {@code sessions} table; a null check list is a NULL column. */
final class SessionRows {
    private SessionRows() {
    }

    static void insert(Statements st, Session s) throws SQLException {
        Connection c = st.connection();
        PreparedStatement ps = st.prepare("MERGE INTO sessions (id, name, node, lock_delay_ns, behavior, ttl, ttl_ns, "
                + "node_checks, service_checks, checks, create_index, modify_index) KEY (id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        int i = 1;
        ps.setString(i++, s.id());
        ps.setString(i++, s.name());
        ps.setString(i++, s.node());
        ps.setLong(i++, s.lockDelayNanos());
        ps.setString(i++, s.behavior().wire());
        ps.setString(i++, s.ttl());
        ps.setLong(i++, s.ttlNanos());
        ps.setArray(i++, nullable(c, s.nodeChecks()));
        ps.setArray(i++, nullable(c, s.serviceChecks()));
        ps.setArray(i++, nullable(c, s.checks()));
        ps.setLong(i++, s.indexes().createIndex());
        ps.setLong(i, s.indexes().modifyIndex());
        ps.executeUpdate();
    }

    static void delete(Statements st, String id) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM sessions WHERE id = ?");
        ps.setString(1, id);
        ps.executeUpdate();
    }

    static List<Session> loadAll(Connection c) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM sessions");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Session(rs.getString("id"), rs.getString("name"), rs.getString("node"),
                        rs.getLong("lock_delay_ns"), Session.Behavior.of(rs.getString("behavior")), rs.getString("ttl"),
                        rs.getLong("ttl_ns"), nullable(rs, "node_checks"), nullable(rs, "service_checks"),
                        nullable(rs, "checks"), new Indexes(rs.getLong("create_index"), rs.getLong("modify_index"))));
            }
        }
        return out;
    }

    private static Array nullable(Connection c, List<String> values) throws SQLException {
        return values == null ? null : Columns.strings(c, values);
    }

    private static List<String> nullable(ResultSet rs, String column) throws SQLException {
        return rs.getArray(column) == null ? null : Columns.strings(rs, column);
    }
}
