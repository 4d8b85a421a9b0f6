package dev.ddbr.cli;

import picocli.CommandLine.Option;

/**
 * {@code --chart}, shared by the commands whose text output holds compact Unicode charts (bars, sparklines). Without
 * it they appear only when stdout is a terminal with a UTF-8 locale; never in {@code -o json|yaml}. A command mixes it
 * in and calls {@link #apply(AppContext)} before it renders anything.
 */
public class ChartOption {
    @Option(names = "--chart", description = "Draw the text output's Unicode charts even when stdout is not a terminal "
            + "(a pipe, a file); by default only a terminal with a UTF-8 locale gets them. No effect with -o json|yaml.")
    boolean chart;

    public void apply(AppContext ctx) {
        if (chart) ctx.forceCharts();
    }
}
