package org.kith.node.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A file of signed record envelopes for the benchmark, streamed in and out (never held in
 * memory as a whole).
 *
 * <pre>
 * header:  UTF "kith-bench-records/1", long records, int authors
 * records: int length, length bytes (a SignedRecord envelope)   — repeated
 * trailer: int -1, long records
 * </pre>
 *
 * <p>Order: round-robin over authors in feed order — all authors' seq 1, then all authors' seq
 * 2, … — so every record arrives after its predecessor (nothing is held) and consecutive
 * records belong to different authors, as on a busy node.
 */
public final class RecordFile {

    static final String MAGIC = "kith-bench-records/1";
    /** Seqs generated per author per step; bounds generation memory to blockSeqs x authors records. */
    private static final int BLOCK_SEQS = 64;

    private RecordFile() {
    }

    /** The cached file for (records, authors) under {@code dir}. */
    public static Path cached(Path dir, long records, int authors) {
        return dir.resolve("records-" + records + "x" + authors + "-v1.bin");
    }

    /** Records of author {@code a} (0-based) when {@code records} are spread over {@code authors}. */
    static long perAuthor(long records, int authors, int a) {
        return records / authors + (a < records % authors ? 1 : 0);
    }

    /**
     * Generates the file unless a complete one is already there. Written to a temporary file
     * and renamed, so an interrupted run never leaves a truncated file behind.
     *
     * @return true if it was generated now
     */
    public static boolean ensure(Path file, long records, int authors, int threads) throws IOException {
        if (Files.exists(file) && isComplete(file, records, authors)) {
            return false;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeUTF(MAGIC);
            out.writeLong(records);
            out.writeInt(authors);
            FeedGenerator[] feeds = new FeedGenerator[authors];
            for (int a = 0; a < authors; a++) {
                feeds[a] = new FeedGenerator(a);
            }
            long maxSeq = perAuthor(records, authors, 0);
            long written = 0;
            for (long from = 1; from <= maxSeq; from += BLOCK_SEQS) {
                long to = Math.min(maxSeq, from + BLOCK_SEQS - 1);
                List<Future<byte[][]>> parts = new ArrayList<>(authors);
                for (int a = 0; a < authors; a++) {
                    FeedGenerator feed = feeds[a];
                    long upTo = Math.min(to, perAuthor(records, authors, a));
                    parts.add(pool.submit(() -> {
                        byte[][] block = new byte[(int) Math.max(0, upTo - feed.seq())][];
                        for (int i = 0; i < block.length; i++) {
                            block[i] = feed.next();
                        }
                        return block;
                    }));
                }
                List<byte[][]> blocks = new ArrayList<>(authors);
                for (Future<byte[][]> f : parts) {
                    blocks.add(f.get());
                }
                for (int i = 0; i <= to - from; i++) {
                    for (byte[][] block : blocks) {
                        if (i < block.length) {
                            out.writeInt(block[i].length);
                            out.write(block[i]);
                            written++;
                        }
                    }
                }
            }
            if (written != records) {
                throw new IllegalStateException("generated " + written + " records, expected " + records);
            }
            out.writeInt(-1);
            out.writeLong(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("generation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean isComplete(Path file, long records, int authors) {
        try (Reader r = new Reader(file)) {
            if (r.records() != records || r.authors() != authors) {
                return false;
            }
            // Check the trailer without reading every record: it is the file's last 12 bytes.
            long size = Files.size(file);
            try (var ch = Files.newByteChannel(file)) {
                ch.position(size - 12);
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(12);
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // fill
                }
                buf.flip();
                return buf.remaining() == 12 && buf.getInt() == -1 && buf.getLong() == records;
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Streams the envelopes of a record file, one at a time. */
    public static final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private final long records;
        private final int authors;
        private long read;

        public Reader(Path file) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
            if (!MAGIC.equals(in.readUTF())) {
                in.close();
                throw new IOException(file + " is not a benchmark record file");
            }
            this.records = in.readLong();
            this.authors = in.readInt();
        }

        public long records() {
            return records;
        }

        public int authors() {
            return authors;
        }

        /** The next envelope, or null after the last. */
        public byte[] next() {
            try {
                int length = in.readInt();
                if (length < 0) {
                    if (in.readLong() != records || read != records) {
                        throw new IOException("record file trailer does not match after " + read + " records");
                    }
                    return null;
                }
                byte[] envelope = new byte[length];
                in.readFully(envelope);
                read++;
                return envelope;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
