package dev.ddbr.cli.backup;

import dev.ddbr.output.Console;
import java.util.function.Consumer;

/** Step messages of a long operation, as info lines on stderr. */
final class InfoSink implements Consumer<String> {
    private final Console console;

    InfoSink(Console console) { this.console = console; }

    @Override
    public void accept(String message) { console.info(message); }
}
