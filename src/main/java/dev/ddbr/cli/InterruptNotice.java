package dev.ddbr.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * What a long command says on a real Ctrl-C (SIGINT; also SIGTERM from systemd): the JVM runs shutdown hooks
 * and exits 130 (143). While open, this prints the one line {@code notice} gives (computed then, so it can say
 * how far the command got, and may clean up first) on stderr. Close it when the work is done.
 */
public final class InterruptNotice implements AutoCloseable {
    private final Thread hook;

    private InterruptNotice(Thread hook) {
        this.hook = hook;
    }

    public static InterruptNotice on(PrintWriter err, Supplier<String> notice) {
        Thread hook = new Thread(() -> {
            String line = notice.get();
            if (line != null) {
                err.println(line);
                err.flush();
            }
        }, "ddbr-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptNotice(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook prints the notice
        }
    }
}
