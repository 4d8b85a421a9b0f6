package dev.ddbr.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts for the HTML report, drawn by XChart and written as SVG by VectorGraphics2D, then inlined in the page
 * with a {@code <title>} that states the finding. Only this class touches the chart library.
 */
public final class Charts {
    static final int WIDTH = 760;
    static final int HEIGHT = 340;
    public static final Color BLUE = new Color(0x2f6db5);
    public static final Color RED = new Color(0xc0392b);
    public static final Color ORANGE = new Color(0xd9822b);
    public static final Color YELLOW = new Color(0xc9a227);
    public static final Color GREEN = new Color(0x3c8d40);
    public static final Color GREY = new Color(0x7f8c8d);
    public static final Color PURPLE = new Color(0x7d3c98);

    static {
        // no display is needed to draw into an SVG; never open a window or a toolkit connection
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A bar series plus optional constant reference lines, over named categories. */
    public record Bars(String name, List<String> categories, List<? extends Number> values, Color color) {}

    /** A horizontal reference line drawn across a bar chart (e.g. the max_key_share limit). */
    public record Line(String name, double value, Color color) {}

    /** A bar chart of one or more series (stacked when {@code stacked}), with reference lines. */
    public static String bars(String title, String xAxis, String yAxis, List<Bars> series, List<Line> lines, boolean stacked) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        style(c);
        c.getStyler().setStacked(stacked);
        c.getStyler().setOverlapped(!stacked && series.size() == 1);
        c.getStyler().setXAxisLabelRotation(series.get(0).categories().size() > 8 ? 45 : 0);
        c.getStyler().setAvailableSpaceFill(0.8);
        for (Bars s : series) {
            CategorySeries cs = c.addSeries(s.name(), s.categories(), s.values());
            cs.setFillColor(s.color());
            cs.setLineColor(s.color());
        }
        List<String> cats = series.get(0).categories();
        for (Line l : lines) {
            List<Double> ys = cats.stream().map(x -> l.value()).toList();
            CategorySeries cs = c.addSeries(l.name(), cats, ys);
            cs.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            cs.setLineColor(l.color());
            cs.setMarker(SeriesMarkers.NONE);
            cs.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return svg(c, title);
    }

    /**
     * A step timeline (a waterfall): one bar per step, from the second it started to the second it finished since the
     * first step began, with reference lines (e.g. the RTO). Steps run one after the other, so the bars climb.
     */
    public static String timeline(String title, String xAxis, String yAxis, List<String> steps, double[] from, double[] to,
                                  Color color, Line limit) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .xAxisTitle(limit == null ? xAxis : xAxis + "; dashed red line: " + limit.name()).yAxisTitle(yAxis).build();
        style(c);
        // stacked: an invisible bar up to the step's start, the step's bar on top of it
        c.getStyler().setStacked(true);
        c.getStyler().setXAxisLabelRotation(steps.size() > 3 ? 30 : 0);
        c.getStyler().setAvailableSpaceFill(0.7);
        c.getStyler().setYAxisMin(0.0);
        List<Double> before = new java.util.ArrayList<>();
        List<Double> length = new java.util.ArrayList<>();
        double top = 0;
        for (int i = 0; i < steps.size(); i++) {
            before.add(from[i]);
            length.add(Math.max(to[i] - from[i], 0.0));
            top = Math.max(top, to[i]);
        }
        CategorySeries gap = c.addSeries("before the step", steps, before);
        gap.setFillColor(new Color(255, 255, 255, 0));
        gap.setLineColor(new Color(255, 255, 255, 0));
        gap.setShowInLegend(false);
        CategorySeries run = c.addSeries("step (from its start to its end)", steps, length);
        run.setFillColor(color);
        run.setLineColor(color);
        if (limit != null) {
            // a reference series would be stacked too: the limit is an annotation line across the plot
            c.getStyler().setYAxisMax(Math.max(top, limit.value()) * 1.08);
            c.getStyler().setAnnotationLineColor(limit.color());
            c.getStyler().setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            c.addAnnotation(new org.knowm.xchart.AnnotationLine(limit.value(), false, false));
        }
        return svg(c, title);
    }

    /** One XY line series. */
    public record Curve(String name, double[] x, double[] y, Color color, boolean dashed, boolean step) {}

    /** A line chart, e.g. the cumulative share of keys or a timeline. */
    public static String lines(String title, String xAxis, String yAxis, List<Curve> curves, Double yMax) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        style(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (yMax != null) {
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(yMax);
        }
        for (Curve k : curves) {
            XYSeries s = c.addSeries(k.name(), k.x(), k.y());
            s.setLineColor(k.color());
            s.setMarker(k.x().length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setMarkerColor(k.color());
            if (k.step()) s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
            if (k.dashed()) {
                s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        return svg(c, title);
    }

    private static void style(Chart<?, ?> c) {
        Styler s = c.getStyler();
        s.setChartTitleVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setAntiAlias(true);
        Font f = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        s.setBaseFont(f);
        s.setLegendFont(f);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTickLabelsFont(f.deriveFont(11f));
            a.setAxisTitleFont(f);
            a.setPlotGridLinesColor(new Color(0xdddddd));
            a.setAxisTickPadding(4);
        }
    }

    private static final Pattern SVG_OPEN = Pattern.compile("<svg\\b[^>]*>");
    private static final Pattern SIZE_ATTR = Pattern.compile("\\s(width|height)=\"[^\"]*\"");

    /**
     * The chart as an inline {@code <svg>} element: no XML declaration or DOCTYPE, scaled by its viewBox, with
     * {@code role="img"}, an aria label and a {@code <title>} holding the (escaped) finding.
     */
    static String svg(Chart<?, ?> chart, String title) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String s = out.toString(StandardCharsets.UTF_8);
        int start = s.indexOf("<svg");
        if (start < 0) throw new IllegalStateException("the chart library wrote no <svg> element");
        s = s.substring(start).strip();
        Matcher m = SVG_OPEN.matcher(s);
        if (!m.find()) throw new IllegalStateException("the chart library wrote no <svg> element");
        String open = SIZE_ATTR.matcher(m.group()).replaceAll("");
        if (!open.contains("viewBox")) {
            open = open.replace("<svg", "<svg viewBox=\"0 0 " + chart.getWidth() + " " + chart.getHeight() + "\"");
        }
        open = open.substring(0, open.length() - 1) + " class=\"chart\" role=\"img\" aria-label=\"" + Html.esc(title) + "\">"
                + "<title>" + Html.esc(title) + "</title>";
        // the library writes every glyph outline with 6 to 15 decimals: one is below a pixel's tenth on screen and paper
        return open + LONG_DECIMALS.matcher(s.substring(m.end())).replaceAll("$1");
    }

    private static final Pattern LONG_DECIMALS = Pattern.compile("(\\d\\.\\d{1,2})\\d+");
}
