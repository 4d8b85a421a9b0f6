package dev.ddbr.output;

import java.util.Locale;
import java.util.Map;

/**
 * Compact Unicode charts for text output (docs/report.md, "In the terminal"): bars of a share and one-line
 * sparklines of a series, in block elements. One rule decides whether they appear at all ({@link #wanted}): text
 * output on a terminal with a UTF-8 locale, or text anywhere when {@code --chart} asks; never JSON or YAML.
 */
public final class TerminalChart {
    private static final char[] BLOCKS = {' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final char[] EIGHTHS = {'▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'};

    private TerminalChart() {}

    /**
     * Whether text output gets charts: never unless the output is text; with {@code --chart} ({@code forced}) always;
     * otherwise only when stdout is a terminal whose locale ({@code LC_ALL}, else {@code LC_CTYPE}, else {@code LANG})
     * is UTF-8.
     */
    public static boolean wanted(boolean textOutput, boolean stdoutTty, Map<String, String> env, boolean forced) {
        if (!textOutput) return false;
        if (forced) return true;
        return stdoutTty && utf8(env);
    }

    /** The locale the environment names is UTF-8 (the first set of LC_ALL, LC_CTYPE, LANG, as POSIX orders them). */
    public static boolean utf8(Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                String s = v.toLowerCase(Locale.ROOT);
                return s.contains("utf-8") || s.contains("utf8");
            }
        }
        return false;
    }

    /**
     * A bar of {@code value / max} times {@code width} columns, in eighths of a column; a positive value shows at
     * least one eighth. Empty for zero, a non-positive max or a non-positive width.
     */
    public static String bar(double value, double max, int width) {
        if (!(max > 0) || width <= 0 || !(value > 0)) return "";
        long eighths = Math.round(Math.min(1, value / max) * width * 8);
        if (eighths == 0) eighths = 1;
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < eighths / 8; i++) sb.append('█');
        if (eighths % 8 != 0) sb.append(EIGHTHS[(int) (eighths % 8) - 1]);
        return sb.toString();
    }

    /** A sparkline of {@code width} columns, each the highest value of its slice, scaled to the series' own maximum. */
    public static String sparkline(double[] v, int width) {
        return sparkline(v, width, max(v));
    }

    /** The highest value of {@code v}, NaN left out; 0 when there is none above 0. */
    public static double max(double[] v) {
        double m = 0;
        for (double d : v) if (!Double.isNaN(d)) m = Math.max(m, d);
        return m;
    }

    /** A sparkline of at most {@code width} columns (one per value when fewer), scaled to {@code scale}. NaN draws as blank. */
    public static String sparkline(double[] v, int width, double scale) {
        if (v.length == 0 || width <= 0) return "";
        int w = Math.min(width, v.length);
        StringBuilder sb = new StringBuilder(w);
        for (int col = 0; col < w; col++) {
            int from = (int) ((long) col * v.length / w);
            int to = (int) ((long) (col + 1) * v.length / w);
            double m = 0;
            for (int i = from; i < to; i++) if (!Double.isNaN(v[i])) m = Math.max(m, v[i]);
            int level = scale <= 0 ? 0 : (int) Math.ceil(Math.min(1, m / scale) * 8);
            sb.append(BLOCKS[level]);
        }
        return sb.toString();
    }
}
