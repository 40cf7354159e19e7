package io.warden.bench.load;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a load run, drawn with XChart: for every (workload, value size) the throughput
 * of each server against the number of clients, and the latency CDF of each server at each
 * client count. Each chart is written alone under {@code plots/}, and all of a kind are tiled into
 * {@code throughput.png} and {@code latency-cdf.png} next to the JSON. Stateless.
 */
final class Plots {
    static final int WIDTH = 520;
    static final int HEIGHT = 360;
    static final int GRID_COLUMNS = 3;
    private static final Color ZK = new Color(0x1f77b4);
    private static final Color WARDEN = new Color(0xd62728);

    private Plots() {
    }

    /** The plots' files. */
    record PlotFiles(Path throughputGrid, Path latencyGrid, List<Path> singles) {
    }

    /** A (workload, value size) panel. */
    private record Panel(Workload workload, int valueBytes) {
        String title() {
            return workload.label() + (workload.valueSized() ? " " + valueBytes + " B" : "");
        }

        String fileStem() {
            return workload.label() + (workload.valueSized() ? "-" + valueBytes + "B" : "");
        }
    }

    static PlotFiles write(List<LoadOptions.Cell> cells, List<Summary> summaries, List<RunResult> runs,
            Path outDir, String durabilityNote) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Files.createDirectories(outDir.resolve("plots"));
        Map<Panel, List<LoadOptions.Cell>> panels = new LinkedHashMap<>();
        for (LoadOptions.Cell c : cells) {
            panels.computeIfAbsent(new Panel(c.workload(), c.valueBytes()), k -> new ArrayList<>()).add(c);
        }
        List<BufferedImage> tput = new ArrayList<>();
        List<BufferedImage> cdf = new ArrayList<>();
        List<Path> singles = new ArrayList<>();
        for (Map.Entry<Panel, List<LoadOptions.Cell>> e : panels.entrySet()) {
            XYChart t = throughputChart(e.getKey(), e.getValue(), summaries);
            XYChart l = cdfChart(e.getKey(), e.getValue(), runs);
            Path tp = dir.resolve("throughput-" + e.getKey().fileStem() + ".png");
            Path lp = dir.resolve("latency-cdf-" + e.getKey().fileStem() + ".png");
            BitmapEncoder.saveBitmap(t, tp.toString(), BitmapEncoder.BitmapFormat.PNG);
            BitmapEncoder.saveBitmap(l, lp.toString(), BitmapEncoder.BitmapFormat.PNG);
            singles.add(tp);
            singles.add(lp);
            tput.add(BitmapEncoder.getBufferedImage(t));
            cdf.add(BitmapEncoder.getBufferedImage(l));
        }
        Path tg = outDir.resolve("throughput.png");
        Path lg = outDir.resolve("latency-cdf.png");
        ImageIO.write(grid(tput, "Throughput (ops/s) against clients. " + durabilityNote), "png", tg.toFile());
        ImageIO.write(grid(cdf, "Latency CDF per workload. " + durabilityNote), "png", lg.toFile());
        return new PlotFiles(tg, lg, singles);
    }

    private static XYChart throughputChart(Panel p, List<LoadOptions.Cell> cells, List<Summary> summaries) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(p.title())
                .xAxisTitle("clients").yAxisTitle("ops/s").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        for (Target t : Target.values()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (LoadOptions.Cell c : cells) {
                for (Summary s : summaries) {
                    Summary.TargetSummary ts = s.perTarget().get(t);
                    if (s.cell().equals(c) && ts != null && ts.rounds() > 0
                            && Double.isFinite(ts.opsPerSecond())) {
                        x.add((double) c.clients());
                        y.add(ts.opsPerSecond());
                    }
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(t.label(), x, y);
                s.setLineColor(color(t));
                s.setMarkerColor(color(t));
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    private static XYChart cdfChart(Panel p, List<LoadOptions.Cell> cells, List<RunResult> runs) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(p.title())
                .xAxisTitle("latency (ms, log)").yAxisTitle("percentile").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        for (Target t : Target.values()) {
            int shade = 0;
            for (LoadOptions.Cell c : cells) {
                Histogram h = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
                for (RunResult r : runs) {
                    if (r.ok() && r.target() == t && r.cell().equals(c)) {
                        h.add(r.latencies());
                    }
                }
                shade++;
                if (h.getTotalCount() == 0) {
                    continue;
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (HistogramIterationValue v : h.percentiles(5)) {
                    double ms = Math.max(v.getValueIteratedTo(), 1) / 1e6;
                    x.add(ms);
                    y.add(v.getPercentileLevelIteratedTo());
                    if (v.getPercentileLevelIteratedTo() >= 100.0) {
                        break;
                    }
                }
                XYSeries s = chart.addSeries(t.label() + " x" + c.clients(), x, y);
                Color base = color(t);
                Color col = shadeOf(base, shade, cells.size());
                s.setLineColor(col);
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static Color color(Target t) {
        return t == Target.ZOOKEEPER ? ZK : WARDEN;
    }

    /** Darker for fewer clients, lighter for more. */
    private static Color shadeOf(Color base, int i, int n) {
        float f = n <= 1 ? 0f : (i - 1) / (float) (n - 1) * 0.55f;
        return new Color(mix(base.getRed(), f), mix(base.getGreen(), f), mix(base.getBlue(), f));
    }

    private static int mix(int c, float f) {
        return Math.min(255, Math.round(c + (255 - c) * f));
    }

    private static BufferedImage grid(List<BufferedImage> images, String caption) {
        int cols = Math.min(GRID_COLUMNS, Math.max(1, images.size()));
        int rows = (images.size() + cols - 1) / cols;
        int captionHeight = 30;
        BufferedImage out = new BufferedImage(cols * WIDTH, Math.max(1, rows) * HEIGHT + captionHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setColor(Color.BLACK);
            g.drawString(caption, 10, 20);
            for (int i = 0; i < images.size(); i++) {
                g.drawImage(images.get(i), (i % cols) * WIDTH, captionHeight + (i / cols) * HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
