package dev.muster.store;

import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import dev.muster.model.Node;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rows of the {@code nodes} table. */
final class NodeRows {
    private NodeRows() {
    }

    static void upsert(Statements st, Node n) throws SQLException {
        Connection c = st.connection();
        PreparedStatement ps = st.prepare("MERGE INTO nodes (node_key, id, name, address, datacenter,"
            + " tagged_keys, tagged_values, meta_keys, meta_values, create_index, modify_index)"
            + " KEY (node_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        ps.setString(1, Keys.fold(n.node()));
        ps.setString(2, n.id());
        ps.setString(3, n.node());
        ps.setString(4, n.address());
        ps.setString(5, n.datacenter());
        ps.setArray(6, Columns.strings(c, List.copyOf(n.taggedAddresses().keySet())));
        ps.setArray(7, Columns.strings(c, List.copyOf(n.taggedAddresses().values())));
        ps.setArray(8, Columns.strings(c, List.copyOf(n.meta().keySet())));
        ps.setArray(9, Columns.strings(c, List.copyOf(n.meta().values())));
        ps.setLong(10, n.indexes().createIndex());
        ps.setLong(11, n.indexes().modifyIndex());
        ps.executeUpdate();
    }

    static void delete(Statements st, String nodeKey) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM nodes WHERE node_key = ?");
        ps.setString(1, nodeKey);
        ps.executeUpdate();
    }

    static List<Node> loadAll(Connection c) throws SQLException {
        List<Node> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM nodes");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Node(rs.getString("id"), rs.getString("name"), rs.getString("address"),
                        rs.getString("datacenter"), Columns.map(rs, "tagged_keys", "tagged_values"),
                        Columns.map(rs, "meta_keys", "meta_values"),
                        new Indexes(rs.getLong("create_index"), rs.getLong("modify_index"))));
            }
        }
        return out;
    }
}
