package dev.muster.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change log's files: {@code <data-dir>/wal/<first seq>.log} segments of framed records, one per committed
 * batch. The durable cost of a batch is one append (and one fsync with {@link Durability#FSYNC}).
 *
 * <h2>Format</h2>
 * A record is its payload length (int), the CRC-32C of sequence number and payload (int), its sequence number
 * (long) and the payload ({@link BatchCodec}). Sequence numbers grow by one from record to record and across
 * segments; a segment's name is the sequence number of its first record, zero-padded to 19 digits.
 *
 * <h2>Recovery</h2>
 * Records are read in order until the end. A record that is cut short or fails its CRC at the end of the newest
 * segment is a torn append (the process died while writing it, before it was acknowledged): the segment is
 * truncated there, with a warning naming the file and offset. Anywhere else — an older segment, or a bad record
 * followed by good ones — it is corruption, and opening fails with the file, offset and reason: nothing is
 * skipped silently.
 *
 * <h2>Retention</h2>
 * The state tables hold everything up to a checkpoint's sequence number; {@link #dropUpTo} deletes the segments
 * whose records all lie at or below a sequence number the caller knows is safely checkpointed.
 *
 * <p>Not thread-safe: the state store's writer thread only.
 */
final class WriteAheadLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
    private static final int HEADER = 4 + 4 + 8;
    /** A new segment is started at a checkpoint once the current one is this large (by default). */
    static final long SEGMENT_BYTES = 8L * 1024 * 1024;
    /** Larger than any batch can be (256 writes of at most 512 KiB each); a bigger length is corruption. */
    private static final int MAX_RECORD = 256 * 1024 * 1024;

    /** One record read back at start-up. */
    record Entry(long seq, byte[] payload) {
    }

    private final Path dir;
    private final boolean fsync;
    private final long segmentBytes;
    /** First sequence number of each segment → its file, oldest first. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final List<Entry> recovered;
    private FileChannel current;
    private long nextSeq;

    private WriteAheadLog(Path dir, boolean fsync, long segmentBytes) throws IOException {
        this.dir = dir;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    segments.put(Long.parseLong(name.substring(0, name.length() - 4)), f);
                } catch (NumberFormatException e) {
                    throw new IOException(f + ": not a write-ahead log segment name (expected <sequence number>.log)");
                }
            }
        }
        this.recovered = readAll();
    }

    /**
     * Opens (creating when missing) the log in {@code dir}, reading every record; the next record gets the
     * sequence number after the last one, or {@code firstSeq} for an empty log.
     */
    static WriteAheadLog open(Path dir, boolean fsync, long firstSeq, long segmentBytes) {
        try {
            WriteAheadLog log = new WriteAheadLog(dir, fsync, segmentBytes);
            long last = log.recovered.isEmpty() ? firstSeq - 1 : log.recovered.get(log.recovered.size() - 1).seq();
            if (firstSeq > last + 1) {
                // every record here is older than what the caller already holds: continuing these segments
                // would leave a gap in the numbering, so start the log afresh at firstSeq
                log.dropAll();
            }
            log.nextSeq = Math.max(firstSeq, last + 1);
            log.startSegment(log.nextSeq);
            return log;
        } catch (IOException e) {
            throw new StoreException("open the write-ahead log in " + dir, e);
        }
    }

    /** The records found at open, in order (start-up only; see {@link #forgetRecovered}). */
    List<Entry> recovered() {
        return recovered;
    }

    /** Lets the records read at open be garbage-collected once the caller has replayed them. */
    void forgetRecovered() {
        recovered.clear();
    }

    /** The sequence number of the oldest segment's first record: the log holds nothing older. */
    long firstSeq() {
        return segments.firstKey();
    }

    Path dir() {
        return dir;
    }

    /** Appends one record and makes it durable as configured; returns its sequence number. */
    long append(byte[] payload) {
        long seq = nextSeq;
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
        record.putInt(payload.length).putInt(crc(seq, payload)).putLong(seq).put(payload).flip();
        long end;
        try {
            end = current.size();
        } catch (IOException e) {
            throw new StoreException("append to the write-ahead log", e);
        }
        try {
            while (record.hasRemaining()) {
                current.write(record, end + record.position());
            }
        } catch (IOException e) {
            // a partial record must not stay in front of the next one
            try {
                current.truncate(end);
            } catch (IOException again) {
                throw new StoreException("append to the write-ahead log (and truncating the partial record)", e, true);
            }
            throw new StoreException("append to the write-ahead log", e);
        }
        if (fsync) {
            try {
                current.force(false);
            } catch (IOException e) {
                throw new StoreException("fsync the write-ahead log", e, true);
            }
        }
        nextSeq++;
        return seq;
    }

    /** Starts a new segment for the next record when the current one has grown past its size limit. */
    void rotateIfLarge() {
        try {
            if (current.size() >= segmentBytes) {
                current.close();
                startSegment(nextSeq);
            }
        } catch (IOException e) {
            throw new StoreException("start a new write-ahead log segment", e);
        }
    }

    /** Deletes the segments all of whose records have a sequence number of at most {@code seq}. */
    void dropUpTo(long seq) {
        while (segments.size() > 1) {
            Long first = segments.firstKey();
            Long next = segments.higherKey(first);
            if (next - 1 > seq) {
                return;
            }
            try {
                Files.deleteIfExists(segments.remove(first));
            } catch (IOException e) {
                LOG.warn("could not delete the checkpointed write-ahead log segment {}: {}", first, e.getMessage());
                return;
            }
        }
    }

    private void dropAll() throws IOException {
        for (Path f : segments.values()) {
            Files.deleteIfExists(f);
        }
        segments.clear();
    }

    private void startSegment(long firstSeq) throws IOException {
        boolean fresh = segments.isEmpty() || segments.lastKey() < firstSeq;
        Path file = fresh ? dir.resolve(String.format("%019d.log", firstSeq)) : segments.lastEntry().getValue();
        current = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (fresh) {
            segments.put(firstSeq, file);
            if (fsync) {
                // the new file's directory entry must be durable before a record in it is acknowledged
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
        }
    }

    private List<Entry> readAll() throws IOException {
        List<Entry> out = new ArrayList<>();
        long expected = -1;
        for (var e : segments.entrySet()) {
            boolean newest = e.getKey().equals(segments.lastKey());
            expected = read(e.getValue(), e.getKey(), expected, newest, out);
        }
        return out;
    }

    /** Reads one segment into {@code out}; returns the sequence number expected next. */
    private long read(Path file, long firstSeq, long expected, boolean newest, List<Entry> out) throws IOException {
        if (expected >= 0 && firstSeq != expected) {
            throw new IOException(file + ": starts at record " + firstSeq + ", but the previous segment ended before "
                    + expected);
        }
        long next = firstSeq;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long pos = 0;
            while (pos < size) {
                String bad = null;
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                if (size - pos < HEADER) {
                    bad = "a record header cut short";
                } else {
                    readFully(ch, header, pos);
                    header.flip();
                    int length = header.getInt();
                    int crc = header.getInt();
                    long seq = header.getLong();
                    if (length < 0 || length > MAX_RECORD || size - pos - HEADER < length) {
                        bad = "a record of " + length + " bytes with " + (size - pos - HEADER) + " left";
                    } else {
                        ByteBuffer payload = ByteBuffer.allocate(length);
                        readFully(ch, payload, pos + HEADER);
                        byte[] bytes = payload.array();
                        if (crc(seq, bytes) != crc) {
                            bad = "a record whose checksum does not match";
                        } else if (seq != next) {
                            bad = "record " + seq + " where " + next + " was expected";
                        } else {
                            out.add(new Entry(seq, bytes));
                            next++;
                            pos += HEADER + length;
                            continue;
                        }
                    }
                }
                if (!newest || !tornTail(ch, pos, size)) {
                    throw new IOException(file + " at offset " + pos + ": " + bad);
                }
                LOG.warn("{}: {} at offset {} ends the log (an append cut short by a crash, never acknowledged); "
                        + "truncating the segment there", file, bad, pos);
                ch.truncate(pos);
                ch.force(false);
                break;
            }
        }
        return next;
    }

    /**
     * Whether the bad bytes at {@code pos} can be a torn last append: nothing after them looks like a record.
     * A crash can only cut the last append short (records are written in order and acknowledged after they are
     * complete), so a valid-looking record further on means corruption, not a tear.
     */
    private static boolean tornTail(FileChannel ch, long pos, long size) throws IOException {
        for (long p = pos + 1; p + HEADER <= size; p++) {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            readFully(ch, header, p);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            long seq = header.getLong();
            if (length >= 0 && length <= size - p - HEADER) {
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(ch, payload, p + HEADER);
                if (crc(seq, payload.array()) == crc) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long pos) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, pos + into.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static int crc(long seq, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, seq));
        crc.update(payload);
        return (int) crc.getValue();
    }

    @Override
    public void close() {
        try {
            current.close();
        } catch (IOException e) {
            throw new StoreException("close the write-ahead log", e);
        }
    }
}
