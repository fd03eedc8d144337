package dev.muster.store;

import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import dev.muster.model.NodeService;
import dev.muster.model.ServiceAddress;
import dev.muster.model.Weights;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of the {@code services} table. */
final class ServiceRows {
    private ServiceRows() {
    }

    static void upsert(Statements st, String nodeKey, NodeService s) throws SQLException {
        Connection c = st.connection();
        PreparedStatement ps = st.prepare("MERGE INTO services (node_key, service_key, kind, id, name,"
            + " tags, address, tagged_keys, tagged_addrs, tagged_ports, meta_keys, meta_values, port,"
            + " weight_passing, weight_warning, tag_override, create_index, modify_index)"
            + " KEY (node_key, service_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        List<String> taggedKeys = new ArrayList<>();
        List<String> taggedAddrs = new ArrayList<>();
        List<Integer> taggedPorts = new ArrayList<>();
        s.taggedAddresses().forEach((k, v) -> {
            taggedKeys.add(k);
            taggedAddrs.add(v.address());
            taggedPorts.add(v.port());
        });
        ps.setString(1, nodeKey);
        ps.setString(2, Keys.fold(s.id()));
        ps.setString(3, s.kind());
        ps.setString(4, s.id());
        ps.setString(5, s.service());
        ps.setArray(6, Columns.strings(c, s.tags()));
        ps.setString(7, s.address());
        ps.setArray(8, Columns.strings(c, taggedKeys));
        ps.setArray(9, Columns.strings(c, taggedAddrs));
        ps.setArray(10, Columns.ints(c, taggedPorts));
        ps.setArray(11, Columns.strings(c, List.copyOf(s.meta().keySet())));
        ps.setArray(12, Columns.strings(c, List.copyOf(s.meta().values())));
        ps.setInt(13, s.port());
        ps.setInt(14, s.weights().passing());
        ps.setInt(15, s.weights().warning());
        ps.setBoolean(16, s.enableTagOverride());
        ps.setLong(17, s.indexes().createIndex());
        ps.setLong(18, s.indexes().modifyIndex());
        ps.executeUpdate();
    }

    static void delete(Statements st, String nodeKey, String serviceKey) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM services WHERE node_key = ? AND service_key = ?");
        ps.setString(1, nodeKey);
        ps.setString(2, serviceKey);
        ps.executeUpdate();
    }

    static List<Mutation.PutService> loadAll(Connection c) throws SQLException {
        List<Mutation.PutService> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM services");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<String> taggedKeys = Columns.strings(rs, "tagged_keys");
                List<String> taggedAddrs = Columns.strings(rs, "tagged_addrs");
                List<Integer> taggedPorts = Columns.ints(rs, "tagged_ports");
                Map<String, ServiceAddress> tagged = new LinkedHashMap<>();
                for (int i = 0; i < taggedKeys.size(); i++) {
                    tagged.put(taggedKeys.get(i), new ServiceAddress(taggedAddrs.get(i), taggedPorts.get(i)));
                }
                NodeService service = new NodeService(rs.getString("kind"), rs.getString("id"), rs.getString("name"),
                        Columns.strings(rs, "tags"), rs.getString("address"), tagged,
                        Columns.map(rs, "meta_keys", "meta_values"), rs.getInt("port"),
                        new Weights(rs.getInt("weight_passing"), rs.getInt("weight_warning")),
                        rs.getBoolean("tag_override"),
                        new Indexes(rs.getLong("create_index"), rs.getLong("modify_index")));
                out.add(new Mutation.PutService(rs.getString("node_key"), service));
            }
        }
        return out;
    }
}
