package dev.muster.render;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Writes a rendered file the way consul-template should (renderer.go AtomicWrite, plus confd's bind-mount
 * fallback): nothing when the bytes are equal; otherwise a temp file in the destination's directory,
 * fsynced, with the old file's mode (or {@code perms}, or 0644), optionally a {@code .bak} of the old one,
 * then an atomic rename — or, where rename is refused (a bind-mounted file), an in-place rewrite. The
 * previous bytes are returned so a failed check can restore them. Stateless.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    /** What a write did: whether bytes changed, and the previous content (null when there was no file). */
    record Written(boolean changed, byte[] previous) {
    }

    static Written write(Path destination, byte[] content, String perms, boolean backup, boolean createDirs)
            throws IOException {
        byte[] previous = Files.exists(destination) ? Files.readAllBytes(destination) : null;
        if (previous != null && Arrays.equals(previous, content)) {
            return new Written(false, previous);
        }
        Path dir = destination.toAbsolutePath().getParent();
        if (createDirs) {
            Files.createDirectories(dir);
        }
        Set<PosixFilePermission> mode = perms != null ? PosixFilePermissions.fromString(symbolic(perms))
                : previous != null ? Files.getPosixFilePermissions(destination)
                : PosixFilePermissions.fromString("rw-r--r--");
        if (backup && previous != null) {
            Path bak = destination.resolveSibling(destination.getFileName() + ".bak");
            Files.write(bak, previous);
            Files.setPosixFilePermissions(bak, Files.getPosixFilePermissions(destination));
        }
        Path temp = Files.createTempFile(dir, "." + destination.getFileName(), ".tmp");
        try {
            writeSynced(temp, content);
            Files.setPosixFilePermissions(temp, mode);
            try {
                Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileSystemException renameRefused) {
                // e.g. EBUSY on a file bind-mounted into a container: rewrite it in place instead.
                writeSynced(destination, content);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return new Written(true, previous);
    }

    /** Puts the previous content back (or removes the file when there was none). */
    static void restore(Path destination, byte[] previous) throws IOException {
        if (previous == null) {
            Files.deleteIfExists(destination);
        } else {
            write(destination, previous, null, false, false);
        }
    }

    private static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
    }

    /** "0644" → "rw-r--r--". */
    private static String symbolic(String octal) {
        String digits = octal.length() == 4 ? octal.substring(1) : octal;
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            int d = c - '0';
            sb.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }
}
