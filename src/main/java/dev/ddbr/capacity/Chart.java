package dev.ddbr.capacity;

/** A one-line Unicode chart (block elements) of a series, for a terminal. */
public final class Chart {
    private static final char[] BLOCKS = {' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Chart() {}

    /** {@code width} columns, each the highest value of its slice, scaled to the series' own maximum. */
    public static String line(double[] v, int width) {
        double m = 0;
        for (double d : v) if (!Double.isNaN(d)) m = Math.max(m, d);
        return line(v, width, m);
    }

    /** {@code width} columns scaled to {@code scale}. */
    public static String line(double[] v, int width, double scale) {
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
