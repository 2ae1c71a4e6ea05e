package io.grantflow.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's ratios as an SVG, written by hand (no charting library): per workload a bar to the median ratio,
 * a whisker from the rounds' lowest to highest ratio, and the target as a red mark.
 */
final class Chart {

    private Chart() {
    }

    static String svg(String title, List<Map<String, Object>> workloads) {
        int label = 330;
        int plot = 520;
        int row = 26;
        int top = 50;
        double max = 1.0;
        for (Map<String, Object> w : workloads) {
            max = Math.max(max, Math.max(number(w, "ratioMax"), w.get("target") == null ? 0 : number(w, "target")));
        }
        max = Math.ceil(max * 1.05 * 4) / 4;
        int height = top + row * workloads.size() + 50;
        int width = label + plot + 90;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                + " font-size=\"12\">%n", width, height));
        s.append(String.format("<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"));
        s.append(String.format("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", escape(title)));
        s.append(String.format("<text x=\"10\" y=\"38\" fill=\"#555\">bar: median ratio to the reference over the rounds;"
                + " whisker: lowest to highest round; red mark: target</text>%n"));
        for (double g = 0; g <= max + 1e-9; g += 0.25) {
            double x = label + g / max * plot;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, top - 4, x,
                    top + row * workloads.size()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%.2f</text>%n", x,
                    top + row * workloads.size() + 16, g));
        }
        int y = top;
        for (Map<String, Object> w : workloads) {
            double ratio = number(w, "ratio");
            double lo = number(w, "ratioMin");
            double hi = number(w, "ratioMax");
            double mid = y + row / 2.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ×%s vs %s</text>%n", label - 8, mid + 4,
                    escape(String.valueOf(w.get("name"))), w.get("clients"), escape(String.valueOf(w.get("reference")))));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", label, y + 5.0,
                    ratio / max * plot, row - 10, Boolean.FALSE.equals(w.get("met")) ? "#f4b6a6" : "#9cc3e6"));
            double x1 = label + lo / max * plot;
            double x2 = label + hi / max * plot;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n", x1, mid, x2, mid));
            for (double x : new double[] {x1, x2}) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n", x, mid - 5, x,
                        mid + 5));
            }
            if (w.get("target") != null) {
                double xt = label + number(w, "target") / max * plot;
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"red\" stroke-width=\"3\"/>%n",
                        xt, y + 2.0, xt, y + row - 2.0));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\">%.2f (%.2f–%.2f)</text>%n", label + plot + 6, mid + 4, ratio, lo, hi));
            y += row;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double number(Map<String, Object> w, String key) {
        Object v = w.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
