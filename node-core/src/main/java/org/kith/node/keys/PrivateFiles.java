package org.kith.node.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes owner-only (mode 0600) files atomically: the content goes to a temporary file in the
 * target's directory that is created 0600 (never readable by others, even briefly), is fsynced,
 * then is published by one atomic step, and the directory is fsynced. A reader sees the old file
 * or the new one, never a partial one. Refuses to run on a file system without POSIX permissions.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
    private static final String TEMP_SUFFIX = ".tmp";

    private PrivateFiles() {
    }

    /**
     * Publishes {@code content} at {@code target} only if nothing is there; the check and the
     * publication are one atomic hard-link step.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists
     */
    public static void createNew(Path target, byte[] content) throws IOException {
        Path temp = writeTemp(target, content);
        try {
            Files.createLink(target, temp);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        Files.delete(temp);
        syncDirectory(directoryOf(target));
    }

    /** Atomically replaces whatever is at {@code target} with {@code content}. */
    static void replace(Path target, byte[] content) throws IOException {
        Path temp = writeTemp(target, content);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        syncDirectory(directoryOf(target));
    }

    private static Path writeTemp(Path target, byte[] content) throws IOException {
        Path directory = directoryOf(target);
        requirePosix(directory);
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", TEMP_SUFFIX,
                OWNER_READ_WRITE_ATTRIBUTE);
        try {
            Files.setPosixFilePermissions(temp, OWNER_READ_WRITE);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
    }

    private static void requirePosix(Path directory) throws IOException {
        if (!Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
            throw new FileSystemException(directory.toString(), null,
                    "file system has no POSIX permissions; refusing to write a key file others could read");
        }
    }

    private static Path directoryOf(Path target) {
        return target.toAbsolutePath().getParent();
    }

    /** Makes the rename or link itself durable. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteAfterFailure(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
