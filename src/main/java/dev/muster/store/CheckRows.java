package dev.muster.store;

import dev.muster.model.CheckDefinition;
import dev.muster.model.HealthCheck;
import dev.muster.model.HealthStatus;
import dev.muster.model.Indexes;
import dev.muster.model.Keys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of the {@code checks} table. Definition headers are stored as {@code "Name: value"} entries. */
final class CheckRows {
    private CheckRows() {
    }

    static void upsert(Statements st, HealthCheck h) throws SQLException {
        Connection c = st.connection();
        PreparedStatement ps = st.prepare("MERGE INTO checks (node_key, check_key, node, check_id, name,"
            + " status, notes, output, service_id, service_name, service_tags, type, def_http, def_tcp, def_udp,"
            + " def_grpc, def_method, def_body, def_tls_skip, def_header, def_interval, def_timeout, def_ttl,"
            + " def_dcsa, success_before_passing, failures_before_warning, failures_before_critical,"
            + " output_max_size, create_index, modify_index) KEY (node_key, check_key)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        CheckDefinition d = h.definition();
        List<String> headerLines = new ArrayList<>();
        d.header().forEach((name, values) -> values.forEach(v -> headerLines.add(name + ": " + v)));
        int i = 1;
        ps.setString(i++, Keys.fold(h.node()));
        ps.setString(i++, Keys.fold(h.checkId()));
        ps.setString(i++, h.node());
        ps.setString(i++, h.checkId());
        ps.setString(i++, h.name());
        ps.setString(i++, h.status().wire());
        ps.setString(i++, h.notes());
        ps.setString(i++, h.output());
        ps.setString(i++, h.serviceId());
        ps.setString(i++, h.serviceName());
        ps.setArray(i++, Columns.strings(c, h.serviceTags()));
        ps.setString(i++, h.type());
        ps.setString(i++, d.http());
        ps.setString(i++, d.tcp());
        ps.setString(i++, d.udp());
        ps.setString(i++, d.grpc());
        ps.setString(i++, d.method());
        ps.setString(i++, d.body());
        ps.setBoolean(i++, d.tlsSkipVerify());
        ps.setArray(i++, Columns.strings(c, headerLines));
        Columns.setNullableLong(ps, i++, Columns.nanos(d.interval()));
        Columns.setNullableLong(ps, i++, Columns.nanos(d.timeout()));
        Columns.setNullableLong(ps, i++, Columns.nanos(d.ttl()));
        Columns.setNullableLong(ps, i++, Columns.nanos(d.deregisterCriticalServiceAfter()));
        ps.setInt(i++, d.successBeforePassing());
        ps.setInt(i++, d.failuresBeforeWarning());
        ps.setInt(i++, d.failuresBeforeCritical());
        ps.setInt(i++, d.outputMaxSize());
        ps.setLong(i++, h.indexes().createIndex());
        ps.setLong(i, h.indexes().modifyIndex());
        ps.executeUpdate();
    }

    static void delete(Statements st, String nodeKey, String checkKey) throws SQLException {
        PreparedStatement ps = st.prepare("DELETE FROM checks WHERE node_key = ? AND check_key = ?");
        ps.setString(1, nodeKey);
        ps.setString(2, checkKey);
        ps.executeUpdate();
    }

    static List<HealthCheck> loadAll(Connection c) throws SQLException {
        List<HealthCheck> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM checks");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, List<String>> header = new LinkedHashMap<>();
                for (String line : Columns.strings(rs, "def_header")) {
                    int colon = line.indexOf(": ");
                    header.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
                            .add(line.substring(colon + 2));
                }
                CheckDefinition d = new CheckDefinition(rs.getString("def_http"), rs.getString("def_tcp"),
                        rs.getString("def_udp"), rs.getString("def_grpc"), rs.getString("def_method"),
                        rs.getString("def_body"), rs.getBoolean("def_tls_skip"), header,
                        Columns.duration(rs, "def_interval"), Columns.duration(rs, "def_timeout"),
                        Columns.duration(rs, "def_ttl"), Columns.duration(rs, "def_dcsa"),
                        rs.getInt("success_before_passing"), rs.getInt("failures_before_warning"),
                        rs.getInt("failures_before_critical"), rs.getInt("output_max_size"));
                out.add(new HealthCheck(rs.getString("node"), rs.getString("check_id"), rs.getString("name"),
                        HealthStatus.parse(rs.getString("status")).orElse(HealthStatus.CRITICAL),
                        rs.getString("notes"), rs.getString("output"), rs.getString("service_id"),
                        rs.getString("service_name"), Columns.strings(rs, "service_tags"), rs.getString("type"), d,
                        new Indexes(rs.getLong("create_index"), rs.getLong("modify_index"))));
            }
        }
        return out;
    }
}
