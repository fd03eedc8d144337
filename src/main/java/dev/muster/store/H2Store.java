package dev.muster.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link Store} in embedded H2: the catalog's tables (one row per node, service, check and index-table
 * entry; schema migrations from {@code src/main/resources/db/}), a one-time load at start-up, and one H2
 * transaction per group-committed {@link Batch}.
 *
 * <p>Durability: H2 (MVStore) normally writes commits to its file from a background thread every
 * {@code WRITE_DELAY} ms (500 by default), so a {@code kill -9} can lose the last half second of
 * acknowledged commits. We open the database with {@code WRITE_DELAY=0}, which makes every commit write
 * the store to the file before {@code commit()} returns, and with {@link Durability#FSYNC} we also
 * fsync the file before the caller acknowledges the write. Not thread-safe: the state store's single
 * writer thread is the only caller after start-up.
 */
public final class H2Store implements Store {
    private static final List<String> MIGRATIONS = List.of("db/V1__catalog.sql", "db/V2__check_thresholds.sql");

    private final Connection connection;
    private final Statements statements;
    private final FileChannel syncChannel;

    private H2Store(Connection connection, FileChannel syncChannel) {
        this.connection = connection;
        this.statements = new Statements(connection);
        this.syncChannel = syncChannel;
    }

    /** Opens (creating when missing) the store under {@code dataDir}. */
    public static H2Store open(Path dataDir, Durability durability) {
        if (durability == Durability.MEMORY) {
            return openUrl("jdbc:h2:mem:muster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("create data directory " + dataDir, e);
        }
        Path base = dataDir.toAbsolutePath().resolve("muster");
        H2Store db = openUrl("jdbc:h2:file:" + base + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", null);
        if (durability == Durability.WRITE) {
            return db;
        }
        try {
            // fsync(2) on any descriptor of the file flushes all of its dirty pages, so a read-only
            // channel of H2's file is enough to make H2's last commit power-loss safe.
            FileChannel channel = FileChannel.open(Path.of(base + ".mv.db"), StandardOpenOption.READ);
            return new H2Store(db.connection, channel);
        } catch (IOException e) {
            db.close();
            throw new StoreException("open " + base + ".mv.db for fsync", e);
        }
    }

    private static H2Store openUrl(String url, FileChannel channel) {
        try {
            Connection c = DriverManager.getConnection(url, "sa", "");
            H2Store db = new H2Store(c, channel);
            db.migrate();
            c.setAutoCommit(false);
            return db;
        } catch (SQLException e) {
            throw new StoreException("open " + url, e);
        }
    }

    private void migrate() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current = 0;
            try (var rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    current = rs.getInt(1);
                }
            }
            for (int v = current; v < MIGRATIONS.size(); v++) {
                for (String sql : statements(MIGRATIONS.get(v))) {
                    st.execute(sql);
                }
                st.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
            }
        }
    }

    private static List<String> statements(String resource) {
        try (InputStream in = H2Store.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder withoutComments = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    withoutComments.append(line).append('\n');
                }
            }
            return List.of(withoutComments.toString().split(";")).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new StoreException("read migration " + resource, e);
        }
    }

    @Override
    public Snapshot load() {
        try {
            Snapshot catalog = new Snapshot(NodeRows.loadAll(connection), ServiceRows.loadAll(connection),
                    CheckRows.loadAll(connection), IndexRows.loadAll(connection));
            connection.commit();
            return catalog;
        } catch (SQLException e) {
            throw new StoreException("load catalog", e);
        }
    }

    /**
     * Persists the batch in one transaction and returns once it is durable. On failure nothing is persisted
     * and a {@link StoreException} is thrown (fatal when the fsync after the commit failed).
     */
    @Override
    public void commit(Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Mutation> mutations = batch.mutations();
        try {
            // Index entries are independent rows, and a batch sets the same ones (the global index, a
            // table's index) once per operation: only the last value of each needs writing.
            Map<String, Mutation.SetIndex> indexes = new LinkedHashMap<>();
            for (Mutation m : mutations) {
                if (m instanceof Mutation.SetIndex s) {
                    indexes.remove(s.name());
                    indexes.put(s.name(), s);
                } else {
                    write(m);
                }
            }
            for (Mutation.SetIndex s : indexes.values()) {
                write(s);
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new StoreException("write " + mutations.size() + " row change(s)", e);
        }
        if (syncChannel != null) {
            try {
                syncChannel.force(false);
            } catch (IOException e) {
                throw new StoreException("fsync", e, true);
            }
        }
    }

    private void write(Mutation m) throws SQLException {
        if (m instanceof Mutation.PutNode p) {
            NodeRows.upsert(statements, p.node());
        } else if (m instanceof Mutation.DeleteNode d) {
            NodeRows.delete(statements, d.nodeKey());
        } else if (m instanceof Mutation.PutService p) {
            ServiceRows.upsert(statements, p.nodeKey(), p.service());
        } else if (m instanceof Mutation.DeleteService d) {
            ServiceRows.delete(statements, d.nodeKey(), d.serviceKey());
        } else if (m instanceof Mutation.PutCheck p) {
            CheckRows.upsert(statements, p.check());
        } else if (m instanceof Mutation.DeleteCheck d) {
            CheckRows.delete(statements, d.nodeKey(), d.checkKey());
        } else if (m instanceof Mutation.SetIndex s) {
            if (s.index() < 0) {
                IndexRows.delete(statements, s.name());
            } else {
                IndexRows.set(statements, s.name(), s.index());
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    @Override
    public void close() {
        try {
            statements.close();
            if (syncChannel != null) {
                syncChannel.close();
            }
            try (Statement st = connection.createStatement()) {
                st.execute("SHUTDOWN");
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("close", e);
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already shut down
            }
        }
    }
}
