package dev.muster.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encoding of lists, maps and durations into H2 columns (maps as parallel key/value arrays). */
final class Columns {
    private Columns() {
    }

    static Array strings(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("VARCHAR", values.toArray());
    }

    static Array ints(Connection c, List<Integer> values) throws SQLException {
        return c.createArrayOf("INTEGER", values.toArray());
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Object[] raw = (Object[]) rs.getArray(column).getArray();
        List<String> out = new ArrayList<>(raw.length);
        for (Object o : raw) {
            out.add((String) o);
        }
        return out;
    }

    static List<Integer> ints(ResultSet rs, String column) throws SQLException {
        Object[] raw = (Object[]) rs.getArray(column).getArray();
        List<Integer> out = new ArrayList<>(raw.length);
        for (Object o : raw) {
            out.add(((Number) o).intValue());
        }
        return out;
    }

    static Map<String, String> map(ResultSet rs, String keysColumn, String valuesColumn) throws SQLException {
        List<String> keys = strings(rs, keysColumn);
        List<String> values = strings(rs, valuesColumn);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), values.get(i));
        }
        return out;
    }

    static Long nanos(Duration d) {
        return d == null ? null : d.toNanos();
    }

    static Duration duration(ResultSet rs, String column) throws SQLException {
        long nanos = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofNanos(nanos);
    }

    static void setNullableLong(java.sql.PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }
}
