package dev.ddbr.output;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that masks the secret values {@link Redactor} knows before they reach {@code target}: stdout and stderr
 * go through one, so no message, trace, report or NDJSON event can carry a credential, whatever a server echoed.
 * Text is held until a line ends or the writer is flushed, so a value written in pieces is still masked whole.
 */
public final class RedactingWriter extends Writer {
    private final Writer target;
    private final StringBuilder pending = new StringBuilder();

    public RedactingWriter(Writer target) {
        super(target);
        this.target = target;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        synchronized (lock) {
            pending.append(cbuf, off, len);
            int nl = pending.lastIndexOf("\n");
            if (nl >= 0) emit(nl + 1);
        }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        synchronized (lock) {
            pending.append(str, off, off + len);
            int nl = pending.lastIndexOf("\n");
            if (nl >= 0) emit(nl + 1);
        }
    }

    private void emit(int upTo) throws IOException {
        String text = pending.substring(0, upTo);
        pending.delete(0, upTo);
        target.write(Redactor.maskValues(text));
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            if (pending.length() > 0) emit(pending.length());
            target.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            flush();
            target.close();
        }
    }
}
