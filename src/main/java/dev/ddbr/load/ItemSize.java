package dev.ddbr.load;

import dev.ddbr.error.DdbrException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of the items a workload writes, as DynamoDB counts it (attribute names and values): fixed ({@code 1KB}),
 * uniform in a range ({@code 900B..4KB}), or weighted sizes ({@code 1KB:80,4KB:20}). Reads cost a unit per 4 KB
 * and writes a unit per 1 KB, so sizes just over those boundaries cost double.
 */
public record ItemSize(List<Long> sizes, List<Double> cumulative, long min, long max, String text) {
    public static final String SYNTAX = "a size (1KB, 400B), a range (900B..4KB) or weighted sizes (1KB:80,4KB:20);"
            + " at most 400KB";
    static final long MAX = 400 * 1024;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|k|kib)?");

    /** The size of the next item. */
    public long next(SplittableRandom rnd) {
        if (sizes.isEmpty()) return min == max ? min : min + rnd.nextLong(max - min + 1);
        double u = rnd.nextDouble();
        for (int i = 0; i < sizes.size(); i++) if (u < cumulative.get(i)) return sizes.get(i);
        return sizes.get(sizes.size() - 1);
    }

    public static ItemSize parse(String text, String option) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.contains("..")) {
                String[] p = s.split("\\.\\.", -1);
                if (p.length != 2) throw new IllegalArgumentException("a range is FROM..TO");
                long a = size(p[0]);
                long b = size(p[1]);
                if (a > b) throw new IllegalArgumentException("the range's start is above its end");
                return new ItemSize(List.of(), List.of(), a, b, text.strip());
            }
            if (s.contains(",") || s.contains(":")) {
                List<Long> sizes = new ArrayList<>();
                List<Double> weights = new ArrayList<>();
                double total = 0;
                for (String part : s.split(",")) {
                    String[] p = part.strip().split(":");
                    if (p.length != 2) throw new IllegalArgumentException("'" + part.strip() + "' is not SIZE:WEIGHT");
                    double w;
                    try {
                        w = Double.parseDouble(p[1].strip().replace("%", ""));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("weight '" + p[1].strip() + "' is not a number");
                    }
                    if (!(w > 0)) throw new IllegalArgumentException("weight '" + p[1].strip() + "' must be more than 0");
                    sizes.add(size(p[0]));
                    total += w;
                    weights.add(total);
                }
                final double t = total;
                return new ItemSize(sizes, weights.stream().map(w -> w / t).toList(),
                        sizes.stream().mapToLong(Long::longValue).min().orElse(0),
                        sizes.stream().mapToLong(Long::longValue).max().orElse(0), text.strip());
            }
            long n = size(s);
            return new ItemSize(List.of(), List.of(), n, n, text.strip());
        } catch (IllegalArgumentException e) {
            throw DdbrException.invalid("invalid " + option + " '" + (text == null ? "" : text.strip()) + "': " + e.getMessage(),
                    "expected " + SYNTAX);
        }
    }

    private static long size(String s) {
        Matcher m = SIZE.matcher(s.strip());
        if (!m.matches()) throw new IllegalArgumentException("'" + s.strip() + "' is not a size such as 400B or 1KB");
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = Math.round(unit.equals("b") ? n : n * 1024);
        if (bytes < 1 || bytes > MAX) throw new IllegalArgumentException("'" + s.strip() + "' must be between 1B and 400KB");
        return bytes;
    }
}
