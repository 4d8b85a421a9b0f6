package dev.ddbr.output;

/**
 * Colour for text output. Off when stdout is not a terminal, when NO_COLOR is set, or with --no-color.
 * Deliberately tiny: a verdict line and a few emphases are all ddbr colours. It also says whether the text may hold
 * compact Unicode charts.
 */
public final class Style {
    private final boolean enabled;
    private final boolean charts;

    public Style(boolean enabled) { this(enabled, false); }

    /** {@code charts}: text output may hold compact Unicode charts (see TerminalChart#wanted). */
    public Style(boolean enabled, boolean charts) {
        this.enabled = enabled;
        this.charts = charts;
    }

    public static Style plain() { return new Style(false); }

    public boolean enabled() { return enabled; }

    /** Whether text output draws its compact Unicode charts (bars, sparklines). */
    public boolean charts() { return charts; }

    private String wrap(String code, String s) { return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s; }

    public String bold(String s) { return wrap("1", s); }
    public String good(String s) { return wrap("1;32", s); }
    public String warn(String s) { return wrap("1;33", s); }
    public String bad(String s) { return wrap("1;31", s); }
    public String dim(String s) { return wrap("2", s); }

    /** Colour by severity-like word: ok/pass/ready green, warn/at risk yellow, the rest red. */
    public String verdict(Tone tone, String s) {
        return switch (tone) {
            case GOOD -> good(s);
            case WARN -> warn(s);
            case BAD -> bad(s);
            case NEUTRAL -> bold(s);
        };
    }

    public enum Tone { GOOD, WARN, BAD, NEUTRAL }
}
