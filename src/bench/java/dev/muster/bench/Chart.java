package dev.muster.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The scaling curves (watchers → wake-up latency) as a PNG, with XChart. */
final class Chart {
    private Chart() {
    }

    static void write(Map<String, Map<Double, Double>> curves, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Wake-up after one write, W watchers on one key (median of reps)")
                .xAxisTitle("watchers W")
                .yAxisTitle("ms after the write's ack (LP: after sending its PUT); values <= 0 not drawn").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(7);
        for (Map.Entry<String, Map<Double, Double>> curve : curves.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            curve.getValue().forEach((x, y) -> {
                if (y > 0 && !Double.isNaN(y)) {
                    xs.add(x);
                    ys.add(y);
                }
            });
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(curve.getKey(), xs, ys);
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
