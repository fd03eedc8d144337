package dev.muster.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void write_newFile_createsDirsWithDefaultMode(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("conf.d/muster.conf");
        AtomicFile.Written w = AtomicFile.write(dest, bytes("a"), null, false, true);
        assertTrue(w.changed());
        assertNull(w.previous());
        assertEquals("a", Files.readString(dest));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
    }

    @Test
    void write_sameBytes_changesNothing(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("f");
        AtomicFile.write(dest, bytes("a"), null, false, true);
        long modified = Files.getLastModifiedTime(dest).toMillis();
        AtomicFile.Written w = AtomicFile.write(dest, bytes("a"), null, false, true);
        assertFalse(w.changed());
        assertEquals(modified, Files.getLastModifiedTime(dest).toMillis());
    }

    @Test
    void write_keepsModeMakesBackup_andRestoreBringsBackThePrevious(@TempDir Path dir) throws Exception {
        Path dest = dir.resolve("f");
        AtomicFile.write(dest, bytes("old"), "0600", false, true);
        AtomicFile.Written w = AtomicFile.write(dest, bytes("new"), null, true, true);
        assertArrayEquals(bytes("old"), w.previous());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        assertEquals("old", Files.readString(dir.resolve("f.bak")));
        AtomicFile.restore(dest, w.previous());
        assertEquals("old", Files.readString(dest));
        AtomicFile.restore(dir.resolve("g"), null);
        assertFalse(Files.exists(dir.resolve("g")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temp file is left behind");
        }
    }
}
