package dev.ddbr.cli;

import java.io.PrintWriter;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * What a long command says on a real Ctrl-C (SIGINT; also SIGTERM from systemd): the JVM runs shutdown hooks
 * and exits 130 (143). While open, this prints the one line {@code notice} gives (computed then, so it can say
 * how far the command got, and may clean up first) on stderr. Close it when the work is done.
 *
 * <p>In the real process ({@link #installEarly}, first thing in {@code Main.main}) one hook is there from the start,
 * before the slow start-up work (the command line's classes, the profile): a Ctrl-C before the command has done
 * anything prints "interrupted before it started; nothing was done" with the command to run again, and once a
 * command opens its own notice, that notice speaks. After a command has begun to act ({@link #acting}: its first
 * AWS client) without a notice of its own, a Ctrl-C prints nothing, as before.
 */
public final class InterruptNotice implements AutoCloseable {
    private static volatile Early early;

    private final Runnable closer;

    private InterruptNotice(Runnable closer) {
        this.closer = closer;
    }

    private record Entry(PrintWriter err, Supplier<String> notice) {}

    private static final class Early implements Runnable {
        final PrintWriter err;
        final String line;
        final Deque<Entry> open = new ConcurrentLinkedDeque<>();
        volatile boolean acting;
        volatile boolean finished;
        volatile boolean exiting;

        Early(PrintWriter err, String line) {
            this.err = err;
            this.line = line;
        }

        @Override
        public void run() {
            exiting = true;
            if (finished) return; // a normal exit, not an interrupt
            Entry top = open.peekFirst();
            String text = top != null ? top.notice().get() : acting ? null : line;
            PrintWriter to = top != null ? top.err() : err;
            if (text != null) {
                to.println(text);
                to.flush();
            }
        }
    }

    /**
     * Main, first thing: from now on a Ctrl-C prints {@code line} until the command acts or opens its own notice.
     * Call {@link #finished} before a normal exit.
     */
    public static void installEarly(PrintWriter err, String line) {
        Early e = new Early(err, line);
        early = e;
        Runtime.getRuntime().addShutdownHook(new Thread(e, "ddbr-interrupt"));
    }

    /** The line {@link #installEarly} is given for {@code args}. */
    public static String earlyLine(String... args) {
        StringBuilder b = new StringBuilder("ddbr");
        for (String a : args) b.append(' ').append(BaseCommand.shellQuote(a));
        return "ddbr: interrupted before it started; nothing was done; run again with: " + b;
    }

    /** The command has begun to act (its first AWS client): without a notice of its own, a Ctrl-C now prints nothing. */
    public static void acting() {
        Early e = early;
        if (e != null) e.acting = true;
    }

    /** The command is over: the exit that follows is not an interrupt. */
    public static void finished() {
        Early e = early;
        if (e != null) e.finished = true;
    }

    public static InterruptNotice on(PrintWriter err, Supplier<String> notice) {
        Early e = early;
        if (e != null) {
            Entry entry = new Entry(err, notice);
            e.open.addFirst(entry);
            return new InterruptNotice(() -> {
                // the JVM is already exiting: the hook prints the notice
                if (!e.exiting) e.open.remove(entry);
            });
        }
        Thread hook = new Thread(() -> {
            String line = notice.get();
            if (line != null) {
                err.println(line);
                err.flush();
            }
        }, "ddbr-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptNotice(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // the JVM is already exiting: the hook prints the notice
            }
        });
    }

    @Override
    public void close() {
        closer.run();
    }
}
