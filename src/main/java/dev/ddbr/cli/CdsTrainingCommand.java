package dev.ddbr.cli;

import dev.ddbr.aws.Warmup;
import dev.ddbr.output.OutputFormat;
import dev.ddbr.output.Renderer;
import dev.ddbr.output.Style;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Hidden: a warm-up run for scripts/ddbr's class-data-sharing archive. No AWS types appear in this class
 * (picocli reflects over command classes on every start, which would load them for --help too).
 */
@Command(name = "__cds-training", hidden = true, description = "Internal: warm-up run for the CDS archive.")
public class CdsTrainingCommand extends BaseCommand {
    @Override
    protected int execute() {
        Warmup.run();
        for (OutputFormat f : new OutputFormat[] {OutputFormat.text, OutputFormat.json, OutputFormat.yaml}) {
            new Renderer(f, new PrintWriter(Writer.nullWriter()), Style.plain()).render(Map.of("warm", true));
        }
        return 0;
    }
}
