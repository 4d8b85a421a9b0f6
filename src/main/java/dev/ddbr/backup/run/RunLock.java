package dev.ddbr.backup.run;

import dev.ddbr.error.DdbrException;
import dev.ddbr.error.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps two {@code backup run}s from overlapping: an OS file lock on {@code FILE} (released by the OS when
 * the process dies, so a crash never leaves the lock held) with the holder's PID written inside. A lock
 * file naming a PID that no longer runs is reported as stale and taken over.
 */
public final class RunLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<Long> stalePid;

    private RunLock(Path file, FileChannel channel, FileLock lock, Optional<Long> stalePid) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.stalePid = stalePid;
    }

    /** The PID of a dead process whose lock file was taken over, if any. */
    public Optional<Long> stalePid() { return stalePid; }

    public static RunLock acquire(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Optional<Long> previous = readPid(ch);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new DdbrException(ExitCodes.PROBLEMS, "another backup run holds " + file
                        + previous.map(p -> " (pid " + p + ")").orElse(""),
                        "wait for it to finish; runs never overlap");
            }
            Optional<Long> stale = previous.filter(p -> p != ProcessHandle.current().pid()
                    && ProcessHandle.of(p).map(h -> !h.isAlive()).orElse(true));
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new RunLock(file, ch, l, stale);
        } catch (IOException e) {
            throw DdbrException.invalid("cannot open the lock file " + file + ": " + e.getMessage(), "pass --lock with a writable path");
        }
    }

    private static Optional<Long> readPid(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        int n = ch.read(b, 0);
        if (n <= 0) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(new String(b.array(), 0, n, StandardCharsets.UTF_8).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Clears the PID from the file and releases the lock. Idempotent and thread-safe: the Ctrl-C path closes it from
     * a shutdown hook (the JVM does not unwind try-with-resources on exit), so the next run finds no stale PID.
     */
    @Override
    public synchronized void close() {
        if (!channel.isOpen()) return;
        try {
            channel.truncate(0);
            channel.force(false);
            lock.release();
        } catch (IOException ignored) {
            // the OS releases the lock when the process ends
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    public Path file() { return file; }
}
