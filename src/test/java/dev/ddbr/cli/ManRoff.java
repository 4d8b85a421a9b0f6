package dev.ddbr.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the AsciiDoc man pages picocli's ManPageGenerator writes into roff (man(7) macros), so that
 * {@code man ddbr-backup-prune} works on a machine without asciidoctor. Handles exactly what that generator
 * writes: attribute and comment lines, {@code = name(1)}, {@code == Section}, paragraphs, lines indented by
 * two spaces (examples: kept as they are), {@code term::} lists with an indented description, and the
 * constrained {@code *bold*} and {@code _italic_} marks.
 */
final class ManRoff {
    private static final Pattern TITLE = Pattern.compile("^= (\\S+)\\((\\d)\\)\\s*$");
    private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*([^*\\s](?:[^*]*?[^*\\s])?)\\*(?![\\w*])");
    private static final Pattern XREF = Pattern.compile("xref:([\\w.-]+)\\.adoc\\[([^\\]]*)]");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w])_([^_\\s](?:[^_]*?[^_\\s])?)_(?![\\w])");

    private ManRoff() {}

    /** @param version shown in the footer, e.g. "ddbr 0.1.0" */
    static String convert(String adoc, String version) {
        List<String> out = new ArrayList<>();
        String section = "";
        boolean literal = false;       // inside .nf ... .fi
        boolean afterTerm = false;     // the line before was a term:: line
        boolean paragraphOpen = false;
        for (String raw : adoc.split("\n", -1)) {
            String line = raw.stripTrailing();
            if (line.startsWith("//") || line.startsWith(":")) continue;
            Matcher t = TITLE.matcher(line);
            if (t.matches()) {
                out.add(".TH \"" + t.group(1).toUpperCase(Locale.ROOT) + "\" \"" + t.group(2) + "\" \"\" \""
                        + version + "\" \"ddbr Manual\"");
                out.add(".nh");
                out.add(".ad l");
                continue;
            }
            if (line.startsWith("==")) {
                if (literal) { out.add(".fi"); out.add(".RE"); literal = false; }
                section = line.replaceFirst("^=+\\s*", "").replaceFirst(":$", "").strip().toUpperCase(Locale.ROOT);
                out.add(".SH \"" + section + "\"");
                paragraphOpen = false;
                afterTerm = false;
                continue;
            }
            if (line.isEmpty()) {
                if (literal) { out.add(".fi"); out.add(".RE"); literal = false; }
                paragraphOpen = false;
                afterTerm = false;
                continue;
            }
            if (line.endsWith("::") && !line.startsWith(" ")) {
                out.add(".TP");
                out.add(inline(line.substring(0, line.length() - 2)));
                afterTerm = true;
                paragraphOpen = true;
                continue;
            }
            boolean indented = line.startsWith("  ");
            if (afterTerm && indented) {
                out.add(inline(line.strip()));
                continue;
            }
            if (section.equals("SYNOPSIS") || indented) {
                if (!literal) {
                    if (paragraphOpen || !section.equals("SYNOPSIS")) out.add(".RS 4");
                    else out.add(".RS 0");
                    out.add(".nf");
                    literal = true;
                }
                out.add(inline(section.equals("SYNOPSIS") ? line : line.substring(2)));
                continue;
            }
            if (literal) { out.add(".fi"); out.add(".RE"); literal = false; }
            if (!paragraphOpen) {
                out.add(".PP");
                paragraphOpen = true;
            }
            out.add(inline(line));
        }
        if (literal) { out.add(".fi"); out.add(".RE"); }
        return String.join("\n", out) + "\n";
    }

    /** Escapes roff and turns *bold* and _italic_ into fonts; a line starting with '.' or '\'' is protected. */
    static String inline(String s) {
        // xref:ddbr-table.adoc[table] (a subcommand in a parent's list) -> table (ddbr-table(1))
        s = XREF.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(2) + " (" + m.group(1) + "(1))"));
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        e = BOLD.matcher(e).replaceAll(m -> Matcher.quoteReplacement("\\fB" + m.group(1) + "\\fR"));
        e = ITALIC.matcher(e).replaceAll(m -> Matcher.quoteReplacement("\\fI" + m.group(1) + "\\fR"));
        if (e.startsWith(".") || e.startsWith("'")) e = "\\&" + e;
        return e;
    }
}
